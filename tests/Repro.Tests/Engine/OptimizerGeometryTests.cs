using Repro.Core.Plan;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// Steepest descent w.r.t. a norm and mirror descent with the ℓp potential (Gunasekar et al. 2018): each update rule
/// against the same steps computed by hand in doubles, and the two cases that must be an existing method bit for bit.
/// </summary>
public class OptimizerGeometryTests
{
    public OptimizerGeometryTests() => TorchRuntime.Start();

    // Three points in three dimensions, a start away from zero: gradients with distinct coordinates of both signs.
    static readonly TinyProblem Regression = new([[1, 2, 0.5], [0.3, -1, 2], [-1.5, 0.4, 1]], [1, -2, 0.5]);
    static readonly double[] Start = [0.2, -0.1, 0.3];

    /// <summary>Four points separable through the origin, under the exponential loss: the setting of loss-normalized steps.</summary>
    static readonly TinyProblem Separable = new([[1, 0.5, 0.2], [2, -0.3, 0.1], [-1, -0.2, 0.4], [-0.5, -1.5, -0.3]], [1, 1, -1, -1], "exponential");

    /// <summary>The steepest descent step ‖g‖_* s for each norm, by its definition.</summary>
    static double[] Direction(string norm, double[] g) => norm switch
    {
        "l1" => [.. g.Select((v, j) => j == Array.IndexOf(g, g.MaxBy(Math.Abs)) ? v : 0)],
        "l2" => g,
        _ => [.. g.Select(v => Math.Sign(v) * g.Sum(Math.Abs))],
    };

    static List<double[]> ByHand(TinyProblem problem, string norm, double lr, bool normalized, int steps)
    {
        var theta = Start.ToArray();
        var path = new List<double[]>();
        for (int t = 0; t < steps; t++)
        {
            double eta = normalized ? lr / problem.Loss(theta) : lr;
            var d = Direction(norm, problem.Gradient(theta));
            theta = [.. theta.Select((v, j) => v - eta * d[j])];
            path.Add(theta);
        }
        return path;
    }

    [Theory]
    [InlineData("l1")]
    [InlineData("l2")]
    [InlineData("linf")]
    public void Steepest_descent_takes_the_dual_norm_times_the_steepest_unit_direction(string norm)
    {
        var ours = Regression.Train($"{{ kind: steepest-descent, norm: {norm}, lr: 0.05 }}", Start, 3);
        var hand = ByHand(Regression, norm, 0.05, normalized: false, 3);
        for (int t = 0; t < 3; t++) Assert.Equal(hand[t], ours[t], Close);
    }

    [Theory]
    [InlineData("l1")]
    [InlineData("l2")]
    [InlineData("linf")]
    public void Loss_normalized_steepest_descent_steps_eta_over_the_current_loss(string norm)
    {
        var ours = Separable.Train($"{{ kind: steepest-descent, norm: {norm}, lr: 0.1, normalize: loss }}", Start, 3);
        var hand = ByHand(Separable, norm, 0.1, normalized: true, 3);
        for (int t = 0; t < 3; t++) Assert.Equal(hand[t], ours[t], Close);
    }

    [Fact]
    public void Steepest_descent_in_l1_moves_one_coordinate_over_all_parameters_of_a_trial()
    {
        // Two parameter tensors; the largest |gⱼ| (−5) is in the second: only it moves, by −η gⱼ.
        var (a, b) = (Row(1, 2).requires_grad_(true), Row(3, 4, 5).requires_grad_(true));
        ((a * Row(1, -2)).sum() + (b * Row(0.5, -5, 2)).sum()).backward();
        using var run = Begin("{ kind: steepest-descent, norm: l1, lr: 0.1 }", a, b);
        run.Step(1.0, UnitLosses());
        Assert.Equal([1.0, 2.0], Values(a.detach()), Close);
        Assert.Equal([3.0, 4.5, 5.0], Values(b.detach()), Close);
    }

    static string Spec(string optimizer, string init = "{ kind: normal, scale: 0.3 }") => $$"""
        name: geometry
        data: { kind: gaussian-regression, n_train: 8, n_test: 10, features: 12, target: { kind: sparse-linear, nonzeros: 3 } }
        init: {{init}}
        optimizer: {{optimizer}}
        train: { steps: 30, log_every: 5 }
        seeds: [0, 1]
        metrics: [train_loss, weight_norm, l1_norm, dist_to_min_norm]
        """;

    static List<Repro.Core.Results.MetricPoint> Points(string optimizer, string init = "{ kind: normal, scale: 0.3 }") =>
        [.. Planner.Plan(Specs.Parse(Spec(optimizer, init)), Repro.Engine.EngineInfo.Version).Trials.SelectMany(t => Trainer.Run(t).Points)];

    [Theory]
    [InlineData("{ kind: steepest-descent, norm: l1, lr: 0.05 }", "{ kind: coordinate-descent, lr: 0.05 }")]
    [InlineData("{ kind: steepest-descent, norm: l2, lr: 0.05 }", "{ kind: gd, lr: 0.05 }")]
    [InlineData("{ kind: mirror-descent, potential: lp, p: 2, lr: 0.05 }", "{ kind: gd, lr: 0.05 }")]
    public void A_geometry_that_is_an_existing_method_gives_its_bits(string geometry, string existing)
    {
        var (ours, theirs) = (Points(geometry), Points(existing));
        Assert.Equal(theirs.Count, ours.Count);
        for (int i = 0; i < ours.Count; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(ours[i].Value) == BitConverter.DoubleToInt64Bits(theirs[i].Value), $"{ours[i]} vs {theirs[i]}");
    }

    /// <summary>x ↦ ‖x‖_r^(2−r) sign(x)|x|^(r−1), the gradient of ½‖x‖_r², straight from its formula.</summary>
    static double[] Mirror(double[] x, double r)
    {
        double norm = Math.Pow(x.Sum(v => Math.Pow(Math.Abs(v), r)), 1 / r);
        return [.. x.Select(v => Math.Pow(norm, 2 - r) * Math.Sign(v) * Math.Pow(Math.Abs(v), r - 1))];
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(3.0)]
    public void Mirror_descent_with_the_lp_potential_steps_in_the_mirror_and_maps_back_with_the_dual_exponent(double p)
    {
        var ours = Regression.Train($"{{ kind: mirror-descent, potential: lp, p: {p}, lr: 0.05 }}", Start, 3);
        var theta = Start.ToArray();
        double q = p / (p - 1);
        for (int t = 0; t < 3; t++)
        {
            var g = Regression.Gradient(theta);
            var dual = Mirror(theta, p).Select((z, j) => z - 0.05 * g[j]).ToArray();
            theta = Mirror(dual, q);
            Assert.Equal(theta, ours[t], Close);
        }
        // The map and its inverse are inverses: ∇ψ*(∇ψ(θ)) = θ.
        Assert.Equal(Start, Mirror(Mirror(Start, p), q), Close);
    }

    [Fact]
    public void Mirror_descent_with_the_lp_potential_from_zero_reaches_the_minimum_lp_norm_interpolant()
    {
        // Underdetermined: 3 points, 6 coefficients. The interpolant minimizing ½‖w‖_p² satisfies Xw = y and
        // ∇ψ(w) ∈ rowspace(X) (Lagrange); gradient descent's (p = 2) satisfies the second only for p = 2.
        var problem = new TinyProblem([[1, 0.2, -0.5, 0.3, 0, 1], [0.4, -1, 0.8, 0.1, 0.6, -0.2], [-0.3, 0.5, 0.2, 1, -0.7, 0.4]], [1, -0.5, 0.8]);
        double[] zero = new double[6];
        var lp = problem.Train("{ kind: mirror-descent, potential: lp, p: 1.5, lr: 0.3 }", zero, 1_500)[^1];
        var gd = problem.Train("{ kind: gd, lr: 0.3 }", zero, 1_500)[^1];

        var x = problem.Data().XTrain[0];
        var offRowSpace = eye(6, dtype: ScalarType.Float64) - linalg.pinv(x).matmul(x);
        double Violation(double[] w)
        {
            var mirror = tensor(Mirror(w, 1.5));
            return linalg.vector_norm(offRowSpace.matmul(mirror)).item<double>() / linalg.vector_norm(mirror).item<double>();
        }
        Assert.All(problem.Predictions(lp).Zip(problem.Y), fy => Assert.Equal(fy.Second, fy.First, 10));
        Assert.True(Violation(lp) < 1e-9, $"∇ψ(w) leaves the row space by {Violation(lp)}");
        Assert.True(Violation(gd) > 1e-3, "gradient descent's interpolant should not be the minimum-ℓ1.5 one");
        static double NormP(double[] w) => Math.Pow(w.Sum(v => Math.Pow(Math.Abs(v), 1.5)), 1 / 1.5);
        Assert.True(NormP(lp) < NormP(gd));
    }
}
