using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>
/// A metric: one float64 value per trial [K], computed without gradients. Created per trial, so it may keep
/// state from one record to the next; one that keeps tensors frees them in Dispose (the trial's run disposes
/// its metrics when it ends).
/// </summary>
public interface IMetric : IDisposable
{
    Tensor Compute(MetricContext context);

    void IDisposable.Dispose() { }
}
