using Repro.Core.Plan;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// Training leaks no tensors: every tensor of a step lives in that step's dispose scope, and a batch's own
/// tensors (each trial's data, parameters and metric context) die with it. Counted with TorchSharp's live-tensor counter,
/// which is process-wide: the class runs alone.
/// </summary>
[Collection(ProcessWide.Name)]
public class LiveTensorTests
{
    // Garbage tensors of earlier tests die by finalizer at any moment and lower the count; settle them first,
    // so the count is the tensors something still holds.
    static long Live()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }

    /// <summary>A batch of 4 trials: 2 seeds x 2 learning rates (two optimizer groups).</summary>
    static TrialBatch BatchOf(string yaml) =>
        Assert.Single(Batching.Group(Planner.Plan(Specs.Parse(yaml + "\nsweep:\n  optimizer.lr: [0.05, 0.02]\n"), Repro.Engine.EngineInfo.Version).Trials));

    [Theory]
    [InlineData("optimizer: { kind: gd, lr: 0.05 }")]
    [InlineData("optimizer: { kind: sgd, lr: 0.05, batch_size: 4 }")]
    [InlineData("optimizer: { kind: adam, lr: 0.01 }")]
    public void Live_tensors_do_not_grow_with_steps_or_batches(string optimizer)
    {
        string spec = Specs.Tiny.Replace("optimizer: { kind: gd, lr: 0.05 }", optimizer);
        Trainer.Run(BatchOf(spec)); // warm-up: libtorch and TorchSharp make their one-time objects here
        long before = Live();

        Trainer.Run(BatchOf(spec.Replace("steps: 400", "steps: 100")));
        long afterShort = Live();
        for (int i = 0; i < 3; i++) Trainer.Run(BatchOf(spec.Replace("steps: 400", "steps: 2000")));
        long afterLong = Live();

        Assert.Equal(before, afterShort);
        Assert.Equal(before, afterLong);
        long settled = Live();
        using (var probe = zeros(3)) Assert.Equal(settled + 1, Tensor.TotalCount); // the counter does count
    }

    /// <summary>Metrics that keep a tensor from one record to the next (the first step reaching an accuracy, the last norm).</summary>
    [Theory]
    [InlineData("""
        name: stateful
        data: { kind: modular-addition, modulus: 5, train_fraction: 0.6 }
        model: { kind: embedding-mlp, modulus: 5, embed: 4, hidden: 8 }
        init: fan-in
        optimizer: { kind: adamw, lr: 0.01 }
        loss: cross-entropy
        train: { steps: 40, log_every: 10 }
        metrics: [steps_to_train_99, steps_to_test_90, grokking_delay]
        """)]
    [InlineData("""
        name: stateful
        data: { kind: separable-classification, n_train: 10, n_test: 10, features: 3 }
        loss: logistic
        optimizer: { kind: gd, lr: 0.5 }
        train: { steps: 40, log_every: 10 }
        metrics: [log_t_slope_ratio]
        """)]
    public void Metrics_that_keep_tensors_between_records_free_them_when_the_trial_ends(string yaml)
    {
        var trial = Planner.Plan(Specs.Parse(yaml), Repro.Engine.EngineInfo.Version).Trials[0];
        Trainer.Run(trial); // warm-up
        long before = Live();
        Trainer.Run(trial);
        // No collection here: a tensor that only a finalizer would free still counts.
        Assert.Equal(before, Tensor.TotalCount);
    }
}
