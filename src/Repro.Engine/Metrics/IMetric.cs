using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>A metric: one float64 value per trial [K], computed without gradients.</summary>
public interface IMetric
{
    Tensor Compute(MetricContext context);
}
