using Repro.Core.Plan;
using Repro.Engine.Data;
using Repro.Engine.Losses;
using Repro.Engine.Models;
using Repro.Engine.Optimizers;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>Each new engine part on a case small enough to check by hand.</summary>
public class EnginePartsTests
{
    public EnginePartsTests() => TorchRuntime.Start();

    [Fact]
    public void The_logistic_and_exponential_losses_match_their_formulas()
    {
        var prediction = Row(2.0, -1.0);
        var labels = Row(1.0, 1.0);
        Assert.Equal((Math.Log(1 + Math.Exp(-2)) + Math.Log(1 + Math.Exp(1))) / 2, Values(new Logistic().Compute(prediction, labels))[0], 12);
        Assert.Equal((Math.Exp(-2) + Math.Exp(1)) / 2, Values(new Exponential().Compute(prediction, labels))[0], 12);
    }

    static double[] OneStep(string optimizer, double[] start, double[] gradient)
    {
        var p = Row(start).requires_grad_(true);
        (p * Row(gradient)).sum().backward(); // ∂/∂p = gradient
        using var run = Begin(optimizer, p);
        run.Step(1.0, UnitLosses());
        return Values(p.detach());
    }

    [Fact]
    public void Sign_gd_moves_every_coordinate_by_the_step_size()
    {
        Assert.Equal([0.9, 2.1, 3.0], OneStep("{ kind: sign-gd, lr: 0.1 }", [1, 2, 3], [5, -0.01, 0]), Close);
    }

    [Fact]
    public void Coordinate_descent_moves_only_the_largest_gradient_coordinate()
    {
        Assert.Equal([1.0, 2.5, 3.0], OneStep("{ kind: coordinate-descent, lr: 0.1 }", [1, 2, 3], [1, -5, 2]), Close);
    }

    [Fact]
    public void Mirror_descent_with_entropy_multiplies_by_the_exponentiated_gradient()
    {
        var after = OneStep("{ kind: mirror-descent, lr: 0.5 }", [1, 2], [2, -1]);
        Assert.Equal([Math.Exp(-1), 2 * Math.Exp(0.5)], after, Close);
    }

    [Fact]
    public void Exact_ridge_in_dual_form_equals_the_primal_normal_equations()
    {
        using var g = new Generator(7);
        var x = randn([1, 6, 9], dtype: ScalarType.Float64, generator: g);
        var y = randn([1, 6], dtype: ScalarType.Float64, generator: g);
        var dual = ExactRidge.Solve(x, y, 0.3);
        var a = x[0];
        var primal = linalg.solve(a.T.matmul(a) + 0.3 * eye(9, dtype: ScalarType.Float64), a.T.matmul(y[0]));
        Assert.Equal(Values(primal), Values(dual[0]), Close);
    }

    [Fact]
    public void A_diagonal_net_represents_u_to_the_depth_minus_v_to_the_depth()
    {
        var model = (IVectorModel)Registries.Models.Create(Component("model", "{ kind: diagonal-net, depth: 3 }"));
        var w = model.Coefficients([Row(2, 1), Row(1, 2)]);
        Assert.Equal([7.0, -7.0], Values(w));
        Assert.Equal([7.0 * 1 - 7.0 * 2], Values(model.Forward([Row(2, 1), Row(1, 2)], tensor(new double[] { 1, 2 }, dtype: ScalarType.Float64).reshape(1, 1, 2))));
    }

    [Fact]
    public void A_single_neuron_inverts_its_leaky_relu_link()
    {
        var model = (IVectorModel)Registries.Models.Create(Component("model", "{ kind: single-neuron, negative_slope: 0.25 }"));
        Assert.Equal([2.0, -4.0], Values(model.InverseLink(Row(2, -1))));
        var x = tensor(new double[] { 1, 0, 0, 1 }, dtype: ScalarType.Float64).reshape(1, 2, 2);
        Assert.Equal([2.0, -0.25], Values(model.Forward([Row(2, -1)], x)));
    }

    [Fact]
    public void Separable_data_keep_the_promised_margin_around_a_sparse_direction()
    {
        var data = Registries.Data.Create(Component("data", "{ kind: separable-classification, n_train: 200, features: 20, margin: 0.4, nonzeros: 3 }"))
            .Generate(SeedStreams.For(0, SeedStreams.Data));
        var direction = data.Truth!;
        Assert.Equal(3, Values(direction).Count(v => v != 0));
        Assert.Equal(1.0, Values(linalg.vector_norm(direction))[0], 12);
        var margins = data.YTrain * data.XTrain.bmm(direction.unsqueeze(-1)).squeeze(-1);
        Assert.True(Values(margins).Min() >= 0.4 - 1e-12);
        Assert.Equal([-1.0, 1.0], Values(data.YTrain).Distinct().Order());
    }

    [Fact]
    public void Margin_metrics_are_zero_at_the_svm_and_the_angle_is_zero()
    {
        string yaml = """
            name: svm-check
            data: { kind: separable-classification, n_train: 30, features: 5, margin: 0.3 }
            loss: logistic
            optimizer: { kind: gd, lr: 0.5 }
            train: { steps: 3000, log_every: 3000 }
            metrics: [margin_gap, angle_to_svm, l1_margin_gap, linf_margin_gap]
            """;
        var trial = Planner.Plan(Specs.Parse(yaml), 1).Trials[0];
        var result = Trainer.Run(trial);
        // GD approaches the SVM (gap and angle fall) and no margin can beat its own optimum (gaps ≥ 0).
        var gaps = result.Series("margin_gap").Select(p => p.Value).Where(v => !double.IsNaN(v)).ToList();
        Assert.All(gaps, v => Assert.True(v >= -1e-9));
        Assert.All(result.Series("l1_margin_gap").Concat(result.Series("linf_margin_gap")).Select(p => p.Value).Where(v => !double.IsNaN(v)),
            v => Assert.True(v >= -1e-9));
        Assert.True(result.Series("angle_to_svm").Last().Value < 20);
        var svm = result.References!.Where(r => r.Reference == "svm").ToList();
        Assert.True(svm.Single(r => r.Quantity == "primal_feasibility").Value < 1e-9);
        Assert.Equal(5, svm.Count(r => r.Quantity == "coefficient"));
    }
}

/// <summary>Catalog II parts: sharpness by Hessian-vector products, the MLP, schedules.</summary>
public class NetworkPartsTests
{
    public NetworkPartsTests() => TorchRuntime.Start();

    [Fact]
    public void Sharpness_by_power_iteration_matches_the_exact_top_eigenvalue_of_a_quadratic()
    {
        // mean((Xθ − y)²) has Hessian 2XᵀX/n whatever θ: its top eigenvalue comes from eigvalsh.
        using var g = new Generator(3);
        var x = randn([1, 30, 6], dtype: ScalarType.Float64, generator: g);
        var y = randn([1, 30], dtype: ScalarType.Float64, generator: g);
        var theta = randn([1, 6], dtype: ScalarType.Float64, generator: g).requires_grad_(true);
        double power = Repro.Engine.Metrics.Sharpness.TopEigenvalue(
            () => (x.bmm(theta.unsqueeze(-1)).squeeze(-1) - y).square().mean(), [theta]);
        var hessian = 2 * x[0].T.matmul(x[0]) / 30;
        double exact = linalg.eigvalsh(hessian).max().item<double>();
        Assert.InRange(power / exact, 1 - 1e-5, 1 + 1e-9); // power iteration approaches from below
    }

    [Fact]
    public void Sharpness_sees_curvature_across_several_parameter_tensors()
    {
        // f(a, b) = 3a² + 5b² + 4ab: Hessian [[6, 4], [4, 10]], top eigenvalue 8 + √20.
        var a = tensor(new double[] { 0.3 }, dtype: ScalarType.Float64).requires_grad_(true);
        var b = tensor(new double[] { -0.2 }, dtype: ScalarType.Float64).requires_grad_(true);
        double power = Repro.Engine.Metrics.Sharpness.TopEigenvalue(
            () => (3 * a.square() + 5 * b.square() + 4 * a * b).sum(), [a, b]);
        Assert.Equal(8 + Math.Sqrt(20), power, 6);
    }

    [Fact]
    public void The_mlp_divides_by_the_square_root_of_fan_in()
    {
        var spec = Specs.Parse("name: t\nmodel: { kind: mlp, hidden: 2, depth: 1, activation: relu, bias: false }\n");
        var model = Registries.Models.Create(spec.Points[0].Model);
        Assert.Equal([[1L, 4, 2], [1L, 2, 1]], model.Shapes(1, 4));
        var w1 = ones([1, 4, 2], dtype: ScalarType.Float64);
        var w2 = ones([1, 2, 1], dtype: ScalarType.Float64);
        var x = ones([1, 1, 4], dtype: ScalarType.Float64);
        // hidden = relu(4/√4) = 2 each; output = (2 + 2)/√2.
        Assert.Equal(4 / Math.Sqrt(2), model.Forward([w1, w2], x).item<double>(), 12);
    }

    [Fact]
    public void Schedules_follow_their_formulas()
    {
        var spec = Specs.Parse("name: t\nsweep:\n  schedule: [{ kind: step, every: 10, factor: 0.5 }, { kind: cosine, warmup: 10, final: 0.1 }]\n");
        var step = Registries.Schedules.Create(spec.Points[0].Schedule);
        var cosine = Registries.Schedules.Create(spec.Points[1].Schedule);
        Assert.Equal([1.0, 1.0, 0.5, 0.25], new long[] { 1, 10, 11, 21 }.Select(t => step.Factor(t, 100)));
        Assert.Equal(0.5, cosine.Factor(5, 110), 12);
        Assert.Equal(1.0, cosine.Factor(10, 110), 12);
        Assert.Equal(0.55, cosine.Factor(60, 110), 12);
        Assert.Equal(0.1, cosine.Factor(110, 110), 12);
    }
}

public class MetricContextTests
{
    [Fact]
    public void A_per_step_value_is_computed_once_per_step_and_again_at_the_next()
    {
        using var context = new Repro.Engine.Metrics.MetricContext(null!, null!, [], null!, null!, []);
        int calls = 0;
        double Compute() => ++calls;
        context.Step = 10;
        Assert.Equal(1, context.OncePerStep("x", Compute));
        Assert.Equal(1, context.OncePerStep("x", Compute));
        context.Step = 20;
        Assert.Equal(2, context.OncePerStep("x", Compute));
        Assert.Equal(2, calls);
    }
}
