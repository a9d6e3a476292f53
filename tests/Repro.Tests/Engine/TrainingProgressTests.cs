using Repro.Core.Plan;
using Repro.Core.Progress;
using Repro.Engine.Training;
using Repro.Tests.Support;

namespace Repro.Tests.Engine;

/// <summary>What the engine tells a progress display after every step, and that telling it changes no bit of the results.</summary>
public class TrainingProgressTests
{
    const string Spec = """
        name: progress
        data: { kind: gaussian-regression, n_train: 8, n_test: 8, features: 12, target: { kind: sparse-linear, nonzeros: 2, noise: 0.0 } }
        model: linear
        init: { kind: normal, scale: 0.5 }
        optimizer: { kind: gd, lr: 0.05 }
        train: { steps: 40, log_every: 1 }
        metrics: [train_loss]
        sweep:
          optimizer.lr: [0.05, 1.0e6]
        """;

    sealed class Collect : IProgress<BatchProgress>
    {
        public readonly List<BatchProgress> Reports = [];
        public void Report(BatchProgress value) => Reports.Add(value);
    }

    static TrialBatch Batch() => Assert.Single(Batching.Group(Planner.Plan(Specs.Parse(Spec), Repro.Engine.EngineInfo.Version).Trials));

    [Fact]
    public void Every_step_reports_the_running_trials_loss_range_and_a_diverged_trial_drops_out_of_it()
    {
        var collect = new Collect();
        var results = Trainer.Run(Batch(), progress: collect);
        var (stable, diverging) = (results[0], results[1]);
        Assert.NotNull(diverging.DivergedAtStep);
        Assert.Null(stable.DivergedAtStep);

        // One report per step taken, in order, against the step budget.
        Assert.Equal(Enumerable.Range(1, collect.Reports.Count).Select(s => (long)s), collect.Reports.Select(r => r.Step));
        Assert.All(collect.Reports, r => Assert.Equal((2, 40L), (r.Trials, r.Steps)));
        Assert.Equal(40, collect.Reports[^1].Step);

        // Full-batch GD: the loss a step computes is the train_loss recorded one step earlier.
        var loss = stable.Series("train_loss").ToDictionary(p => p.Step, p => p.Value);
        long diverged = diverging.DivergedAtStep!.Value;
        foreach (var r in collect.Reports.Where(r => r.Step > diverged + 1))
        {
            Assert.Equal(1, r.Finished);
            Assert.Equal(r.LossMin, r.LossMax);
            Assert.Equal(loss[r.Step - 1], r.LossMin, 1e-12);
        }
        var first = collect.Reports[0];
        Assert.Equal(0, first.Finished);
        // Step 1: both trials start from the same seed's parameters, so the range is one value, the initial loss.
        Assert.Equal((loss[0], loss[0]), (first.LossMin, first.LossMax));
        // After it the step sizes part them: the range holds both until the large one diverges.
        Assert.Contains(collect.Reports, r => r.Finished == 0 && r.LossMax > r.LossMin);
    }

    [Fact]
    public void Reporting_progress_changes_no_bit_of_the_results()
    {
        var quiet = Trainer.Run(Batch());
        var told = Trainer.Run(Batch(), progress: new Collect());
        for (int k = 0; k < quiet.Count; k++)
        {
            Assert.Equal(quiet[k].DivergedAtStep, told[k].DivergedAtStep);
            Assert.Equal(quiet[k].Series("train_loss").Select(p => BitConverter.DoubleToInt64Bits(p.Value)),
                told[k].Series("train_loss").Select(p => BitConverter.DoubleToInt64Bits(p.Value)));
        }
    }
}
