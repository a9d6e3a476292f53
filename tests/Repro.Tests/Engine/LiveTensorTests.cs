using Repro.Core.Plan;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// Training leaks no tensors: every tensor of a step lives in that step's dispose scope, and a trial's own
/// tensors die with it. Counted with TorchSharp's live-tensor counter (process-wide; test classes run serially).
/// </summary>
public class LiveTensorTests
{
    static Trial TrialOf(string yaml) => Planner.Plan(Specs.Parse(yaml), Repro.Engine.EngineInfo.Version).Trials[0];

    [Theory]
    [InlineData("optimizer: { kind: gd, lr: 0.05 }")]
    [InlineData("optimizer: { kind: sgd, lr: 0.05, batch_size: 4 }")]
    [InlineData("optimizer: { kind: adam, lr: 0.01 }")]
    public void Live_tensors_do_not_grow_with_steps_or_trials(string optimizer)
    {
        string spec = Specs.Tiny.Replace("optimizer: { kind: gd, lr: 0.05 }", optimizer);
        Trainer.Run(TrialOf(spec)); // warm-up: libtorch and TorchSharp make their one-time objects here
        long before = Tensor.TotalCount;

        Trainer.Run(TrialOf(spec.Replace("steps: 400", "steps: 100")));
        long afterShort = Tensor.TotalCount;
        for (int i = 0; i < 3; i++) Trainer.Run(TrialOf(spec.Replace("steps: 400", "steps: 2000")));
        long afterLong = Tensor.TotalCount;

        Assert.Equal(before, afterShort);
        Assert.Equal(before, afterLong);
        using (var probe = zeros(3)) Assert.Equal(before + 1, Tensor.TotalCount); // the counter does count
        Assert.Equal(before, Tensor.TotalCount);
    }
}
