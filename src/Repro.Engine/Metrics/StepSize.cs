using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>The step size of the last step as the training clock counts it: η·(schedule factor), η resolved per trial by `lr_scale`.</summary>
public sealed class StepSize : IMetric
{
    public static readonly KindInfo Kind = new("step_size", "η·(schedule factor) of the last step (the first step's at step 0), η being lr resolved by lr_scale for this trial", []);

    public Tensor Compute(MetricContext c) => Held.Full([1], c.LearningRate, ScalarType.Float64);
}
