using Repro.Core.Plan;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// The gradient-flow optimizer against the exact flow of least squares: for L(w) = mean((Xw − y)²) the flow is
/// linear, w(t) = w* + exp(−tH)(w₀ − w*) with H = 2XᵀX/n and w* the least-squares solution, computed here from the
/// eigendecomposition of H (torch.linalg.eigh).
/// </summary>
public class GradientFlowTests
{
    public GradientFlowTests() => TorchRuntime.Start();

    /// <summary>w(t) for data X [n, d], y [n] from w₀ [d].</summary>
    static Tensor ExactFlow(Tensor x, Tensor y, Tensor w0, double t)
    {
        var h = x.T.matmul(x) * (2.0 / x.shape[0]);
        var star = linalg.lstsq(x, y.unsqueeze(-1)).Solution.squeeze(-1);
        var (lambda, v) = linalg.eigh(h);
        var decay = v.matmul(diag((lambda * -t).exp())).matmul(v.T);
        return star + decay.matmul(w0 - star);
    }

    // Twelve points, four coefficients: H is positive definite, the flow has one limit.
    static readonly TinyProblem Regression = new(
        [.. Enumerable.Range(0, 12).Select(i => new[] { Math.Sin(i + 1.0), Math.Cos(2.0 * i), 0.3 * i - 1.5, Math.Sin(0.7 * i) * Math.Cos(i) })],
        [.. Enumerable.Range(0, 12).Select(i => Math.Cos(1.3 * i) + 0.1 * i)]);

    [Fact]
    public void Rk4_follows_the_exact_least_squares_flow_with_an_error_that_falls_as_the_fourth_power_of_the_substep()
    {
        double[] start = [0.5, -0.5, 0.2, 1.0];
        const double lr = 0.25;
        const int steps = 8; // t = 2
        var data = Regression.Data();
        var exact = ExactFlow(data.XTrain[0], data.YTrain[0], tensor(start), lr * steps);
        var errors = new[] { 1, 2, 4, 8 }.Select(substeps =>
        {
            var w = Regression.Train($"{{ kind: gradient-flow, lr: {lr}, substeps: {substeps} }}", start, steps)[^1];
            return linalg.vector_norm(tensor(w) - exact).item<double>();
        }).ToList();
        Assert.True(errors[^1] < 1e-7, $"errors {string.Join(", ", errors)}");
        // RK4's global error is O(h⁴): halving h divides it by about 16 (at least 10 here, before rounding dominates).
        for (int i = 1; i < errors.Count; i++)
            Assert.True(errors[i - 1] / errors[i] > 10, $"errors {string.Join(", ", errors)}");
    }

    [Fact]
    public void A_trained_trial_is_at_the_exact_flow_at_time_steps_times_lr_and_gd_with_that_lr_is_not()
    {
        // The training clock: after s steps the flow has run for time s·lr, the time GD with the same lr reaches.
        string Spec(string optimizer) => $$"""
            name: flow
            data: { kind: gaussian-regression, n_train: 12, n_test: 4, features: 4, target: { kind: sparse-linear, nonzeros: 2, noise: 0.3 } }
            init: zeros
            optimizer: {{optimizer}}
            train: { steps: 20, log_every: 5 }
            metrics: [train_loss, ridge_inv_lambda]
            """;
        var flowTrial = Planner.Plan(Specs.Parse(Spec("{ kind: gradient-flow, lr: 0.1, substeps: 32 }")), Repro.Engine.EngineInfo.Version).Trials[0];
        var flow = Trainer.Run(flowTrial);
        var gd = Trainer.Run(Planner.Plan(Specs.Parse(Spec("{ kind: gd, lr: 0.1 }")), Repro.Engine.EngineInfo.Version).Trials[0]);

        var data = Registries.Data.Create(flowTrial.Config.Data).Generate(SeedStreams.For(flowTrial.Seed, SeedStreams.Data));
        var (x, y) = (data.XTrain[0], data.YTrain[0]);
        foreach (var point in flow.Series("train_loss"))
        {
            var w = ExactFlow(x, y, zeros(4, dtype: ScalarType.Float64), 0.1 * point.Step);
            double exactLoss = (x.matmul(w) - y).square().mean().item<double>();
            Assert.Equal(exactLoss, point.Value, 1e-9 * Math.Max(1, exactLoss));
        }
        // ridge_inv_lambda = 2τ/n reads the clock: the same for the flow and GD.
        Assert.Equal(gd.Series("ridge_inv_lambda").Select(p => p.Value), flow.Series("ridge_inv_lambda").Select(p => p.Value));
        Assert.NotEqual(gd.Series("train_loss").Last().Value, flow.Series("train_loss").Last().Value);
    }
}
