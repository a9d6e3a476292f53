using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine.Data;
using Repro.Engine.Losses;
using Repro.Engine.Metrics;
using Repro.Engine.Models;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Tests.Support;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;
using Repro.Engine.Numerics;

namespace Repro.Tests.Engine;

/// <summary>sharpness and lambda_2 by both eigensolvers, against eigvalsh of a Hessian built explicitly.</summary>
public class HessianEigenvalueTests
{
    public HessianEigenvalueTests() => TorchRuntime.Start();

    /// <summary>A linear model with mse on X = Q diag(s) Rᵀ: its Hessian is 2XᵀX/n (Losses/Mse.cs: a mean over points).</summary>
    static (MetricContext Context, double[] Exact) LinearCase(string kind, long iterations = 5000, double tolerance = 1e-15)
    {
        using var g = new Generator(11);
        const int n = 30, p = 6;
        var q = linalg.qr(randn([n, p], dtype: ScalarType.Float64, generator: g)).Q;
        var r = linalg.qr(randn([p, p], dtype: ScalarType.Float64, generator: g)).Q;
        var s = tensor(new[] { 3.0, 2.0, 1.5, 1.0, 0.5, 0.2 }, dtype: ScalarType.Float64);
        var x = q.matmul(diag(s)).matmul(r.T).unsqueeze(0);
        var y = randn([1, n], dtype: ScalarType.Float64, generator: g);
        var theta = randn([1, p], dtype: ScalarType.Float64, generator: g).requires_grad_(true);
        var model = Registries.Models.Create(Component("model", "linear"));
        var data = new Dataset(x, y, x, y);
        var hessian = x[0].T.matmul(x[0]).Times(2.0 / n);
        double[] exact = [.. Values(linalg.eigvalsh(hessian)).Reverse()];
        var context = new MetricContext(data, model, [theta], new Mse(), empty(0), [theta.detach().clone()])
        {
            Eigensolver = new EigensolverSettings(kind, iterations, tolerance),
        };
        return (context, exact);
    }

    [Theory]
    [InlineData("power")]
    [InlineData("lanczos")]
    public void Both_solvers_give_the_top_two_eigenvalues_of_a_linear_mse_hessian(string kind)
    {
        var (c, exact) = LinearCase(kind);
        Assert.Equal(exact[0], Sharpness.Of(c), exact[0] * 1e-8);
        Assert.Equal(exact[1], HessianSpectrum.Second(c), exact[0] * 1e-8);
        // Order does not matter: lambda_2 first, then sharpness, at a fresh step.
        c.Step = 1;
        Assert.Equal(exact[1], HessianSpectrum.Second(c), exact[0] * 1e-8);
        Assert.Equal(exact[0], Sharpness.Of(c), exact[0] * 1e-8);
    }

    [Fact]
    public void The_default_eigensolver_is_the_power_iteration_sharpness_always_used()
    {
        var (c, _) = LinearCase("power");
        var defaulted = new MetricContext(c.Data, c.Model, c.Parameters, c.Loss, empty(0), c.InitialParameters);
        double expected = Sharpness.TopEigenvalue(() => c.Loss.Compute(c.Model.Forward(c.Parameters, c.Data.XTrain), c.Data.YTrain).sum(), c.Parameters);
        Assert.Equal(expected, Sharpness.Of(defaulted)); // bit for bit
        Assert.Equal(EigensolverSettings.Default, defaulted.Eigensolver);
        Assert.Equal(100, EigensolverSettings.Default.Iterations);
        Assert.Equal(1e-7, EigensolverSettings.Default.Tolerance);
    }

    [Fact]
    public void Lanczos_is_exact_once_the_krylov_space_is_the_whole_space()
    {
        // Six parameters: six Lanczos steps span everything, so the Ritz values are the eigenvalues (the cap ends it, not the tolerance).
        var (c, exact) = LinearCase("lanczos", iterations: 6, tolerance: 1e-300);
        Assert.Equal(exact[0], Sharpness.Of(c), exact[0] * 1e-10);
        Assert.Equal(exact[1], HessianSpectrum.Second(c), exact[0] * 1e-10);
    }

    [Fact]
    public void Power_and_lanczos_agree_on_a_small_mlp_and_with_its_explicit_hessian()
    {
        using var g = new Generator(5);
        var model = Registries.Models.Create(Component("model", "{ kind: mlp, hidden: 4, activation: tanh }"));
        var x = randn([1, 12, 3], dtype: ScalarType.Float64, generator: g);
        var y = randn([1, 12], dtype: ScalarType.Float64, generator: g);
        var parameters = model.Shapes(1, 3).Select(shape => randn(shape, dtype: ScalarType.Float64, generator: g).requires_grad_(true)).ToList();
        var data = new Dataset(x, y, x, y);
        var loss = new Mse();
        MetricContext Context(string kind) => new(data, model, parameters, loss, empty(0), parameters)
        {
            Eigensolver = new EigensolverSettings(kind, 20000, 1e-15),
        };

        var power = Context("power");
        var lanczos = Context("lanczos");
        double[] p = [Sharpness.Of(power), HessianSpectrum.Second(power)];
        double[] l = [Sharpness.Of(lanczos), HessianSpectrum.Second(lanczos)];

        // The Hessian column by column from autograd on a flat parameter vector, its eigenvalues by eigvalsh.
        var sizes = parameters.Select(t => t.numel()).ToArray();
        var flat = cat([.. parameters.Select(t => t.detach().reshape(-1))]);
        Tensor Loss(Tensor v)
        {
            var pieces = v.split(sizes);
            return loss.Compute(model.Forward([.. parameters.Select((t, i) => pieces[i].reshape(t.shape))], x), y).sum();
        }
        var leaf = flat.clone().requires_grad_(true);
        var gradient = Gradients.Of([Loss(leaf)], [leaf], retainGraph: true, createGraph: true)[0];
        var rows = Enumerable.Range(0, (int)leaf.numel()).Select(i => Gradients.Of([gradient[i]], [leaf], retainGraph: true)[0]).ToList();
        var hessian = stack(rows);
        hessian = (hessian + hessian.T) / 2;
        var eigenvalues = Values(linalg.eigvalsh(hessian)).OrderByDescending(v => v).ToArray();
        // Power iteration finds the largest in magnitude: this case is one where those are the two largest.
        Assert.True(eigenvalues[1] > Math.Abs(eigenvalues[^1]), $"eigenvalues {string.Join(", ", eigenvalues)}");
        double scale = eigenvalues[0];
        Assert.Equal(eigenvalues[0], l[0], scale * 1e-8);
        Assert.Equal(eigenvalues[1], l[1], scale * 1e-8);
        Assert.Equal(l[0], p[0], scale * 1e-8);
        Assert.Equal(l[1], p[1], scale * 1e-6);
    }

    [Fact]
    public void Trained_metrics_record_lambda_2_below_sharpness_under_either_solver()
    {
        string Spec(string solver) => Specs.Tiny.Replace("metrics: [train_loss, dist_to_min_norm]", "metrics: [sharpness, lambda_2]")
            .Replace("train: { steps: 400, log_every: 50 }", "train: { steps: 4, log_every: 2 }") + solver;
        var power = Repro.Engine.Training.Trainer.Run(Planner.Plan(Specs.Parse(Spec("")), 1).Trials[0]);
        var lanczos = Repro.Engine.Training.Trainer.Run(Planner.Plan(Specs.Parse(Spec("\neigensolver: { kind: lanczos, iterations: 50, tolerance: 1e-12 }\n")), 1).Trials[0]);
        foreach (var result in new[] { power, lanczos })
            Assert.All(result.Series("sharpness").Zip(result.Series("lambda_2")), pair => Assert.True(pair.Second.Value < pair.First.Value));
        // A linear model on mse: the Hessian does not move, and the solvers agree on it.
        Assert.Equal(lanczos.Series("sharpness").First().Value, power.Series("sharpness").First().Value, 1e-4);
    }
}
