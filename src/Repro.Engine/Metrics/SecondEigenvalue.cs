using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>
/// The second-largest eigenvalue of the training-loss Hessian, by the spec's `eigensolver:`: deflated power iteration
/// (reusing sharpness's eigenvector at the step) or the same Lanczos run that gives sharpness.
/// </summary>
public sealed class SecondEigenvalue : IMetric
{
    public static readonly KindInfo Kind = new("lambda_2",
        "second eigenvalue of the training-loss Hessian (power iteration deflated by sharpness's eigenvector, or the spec's `eigensolver:`); NaN with one parameter", []);

    public Tensor Compute(MetricContext c) => Held.Full([1], HessianSpectrum.Second(c), ScalarType.Float64);
}
