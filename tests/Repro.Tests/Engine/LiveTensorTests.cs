using Repro.Core.Plan;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// Training leaks no tensors: every tensor of a step lives in that step's dispose scope, and a batch's own
/// tensors (each trial's data, parameters and metric context) die with it. Counted with TorchSharp's live-tensor counter (process-wide; test classes run serially).
/// </summary>
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
}
