using Repro.Core;
using Repro.Core.Plan;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// Step sizes relative to the data (`lr_scale`): η = lr/λ resolved per trial, λ computed here independently from the
/// trial's own data by torch.linalg.eigvalsh, and the resolved η driving the steps, the schedule and the clock.
/// </summary>
public class StepSizeTests
{
    public StepSizeTests() => TorchRuntime.Start();

    static string Spec(string optimizer, string schedule = "constant", string data = "{ kind: gaussian-regression, n_train: 15, n_test: 5, features: 6, target: { kind: sparse-linear, nonzeros: 2, noise: 0.1 } }") => $$"""
        name: relative
        data: {{data}}
        init: { kind: normal, scale: 0.2 }
        optimizer: {{optimizer}}
        schedule: {{schedule}}
        train: { steps: 30, log_every: 10 }
        seeds: [0, 1]
        metrics: [train_loss, step_size, ridge_inv_lambda]
        """;

    static IReadOnlyList<Trial> Trials(string yaml) => Planner.Plan(Specs.Parse(yaml), Repro.Engine.EngineInfo.Version).Trials;

    /// <summary>λmax(XᵀX/n) of a trial's training design, by eigvalsh.</summary>
    static double CovarianceTop(Trial trial)
    {
        var x = Registries.Data.Create(trial.Config.Data).Generate(SeedStreams.For(trial.Seed, SeedStreams.Data)).XTrain[0];
        return linalg.eigvalsh(x.T.matmul(x) / x.shape[0]).max().item<double>();
    }

    [Fact]
    public void Lr_scale_design_steps_lr_over_the_top_eigenvalue_of_the_data_covariance_for_each_trial()
    {
        var trials = Trials(Spec("{ kind: gd, lr: 0.5, lr_scale: design }"));
        var resolved = trials.Select(t => Trainer.Run(t).Series("step_size").First().Value).ToList();
        for (int i = 0; i < trials.Count; i++)
            Assert.Equal(1, resolved[i] * CovarianceTop(trials[i]) / 0.5, 12);
        Assert.NotEqual(resolved[0], resolved[1]); // each seed's data has its own curvature
    }

    [Fact]
    public void Lr_scale_sharpness_steps_lr_over_the_top_hessian_eigenvalue_at_initialization()
    {
        // For mse on a linear model ∇²L = 2XᵀX/n at every θ: sharpness is twice the covariance's top eigenvalue.
        var trials = Trials(Spec("{ kind: momentum, lr: 1.0, lr_scale: sharpness }"));
        for (int i = 0; i < trials.Count; i++)
        {
            double eta = Trainer.Run(trials[i]).Series("step_size").First().Value;
            Assert.InRange(eta * 2 * CovarianceTop(trials[i]), 1 - 1e-9, 1 + 1e-5); // power iteration approaches λmax from below
        }
    }

    [Fact]
    public void The_resolved_step_size_drives_the_steps_the_schedule_and_the_clock_exactly_as_that_lr_written_out()
    {
        const string schedule = "{ kind: step, every: 10, factor: 0.5 }";
        var relative = Trials(Spec("{ kind: gd, lr: 0.5, lr_scale: design }", schedule));
        foreach (var trial in relative)
        {
            var ours = Trainer.Run(trial);
            double eta = ours.Series("step_size").First().Value;
            var written = Trainer.Run(Trials(Spec($"{{ kind: gd, lr: {eta:R} }}", schedule)).Single(t => t.Seed == trial.Seed));
            Assert.Equal(written.Points, ours.Points);
            // The last step (30) is at factor 0.25; the clock is Σ η·factor = η(10 + 5 + 2.5), and ridge_inv_lambda = 2τ/n.
            Assert.Equal(0.25 * eta, ours.Series("step_size").Last().Value, 15);
            Assert.Equal(2 * eta * 17.5 / 15, ours.Series("ridge_inv_lambda").Last().Value, 12);
        }
    }

    [Fact]
    public void A_trial_without_curvature_at_initialization_fails_to_run_with_the_reason()
    {
        // All inputs zero: X = 0 and ∇²L = 0, so lr/λ is no step size.
        string data = "{ kind: points, x: [[0, 0], [0, 0], [0, 0]], y: [1, 2, 3] }";
        foreach (var scale in new[] { "design", "sharpness" })
        {
            var e = Assert.Throws<RunException>(() => Trainer.Run(Trials(Spec($"{{ kind: gd, lr: 0.5, lr_scale: {scale} }}", data: data))[0]));
            Assert.Contains($"optimizer.lr_scale {scale}", e.Message);
        }
    }
}
