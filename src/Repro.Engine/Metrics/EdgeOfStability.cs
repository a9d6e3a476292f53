using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

// Edge of stability (Cohen et al. 2021): under full-batch GD with step η, sharpness rises until about 2/η,
// the largest curvature GD can follow on a quadratic, and then hovers there while the loss still falls,
// though not monotonically.

/// <summary>Sharpness over 2/η: 1 at the edge of stability, below 1 where GD is stable in every direction.</summary>
public sealed class SharpnessRatio : IMetric
{
    public static readonly KindInfo Kind = new("sharpness_ratio", "sharpness × η / 2 with η the current step size: 1 at the edge of stability", []);

    public Tensor Compute(MetricContext c) => Held.Full([1], Sharpness.Of(c) * (c.LearningRate / 2), ScalarType.Float64);
}

/// <summary>How many steps so far increased the minibatch loss: 0 for a monotone descent.</summary>
public sealed class LossIncreases : IMetric
{
    public static readonly KindInfo Kind = new("loss_increases", "number of steps so far whose loss exceeded the previous step's (0: monotone)", []);

    public Tensor Compute(MetricContext c) => Held.Full([c.Data.XTrain.shape[0]], c.LossIncreases, ScalarType.Float64);
}
