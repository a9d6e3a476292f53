using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>
/// The largest eigenvalue of the Hessian of the full-batch training loss, by the spec's `eigensolver:` (power
/// iteration on Hessian-vector products unless it says otherwise; <see cref="HessianSpectrum"/>).
/// </summary>
public sealed class Sharpness : IMetric
{
    public static readonly KindInfo Kind = new("sharpness", "top eigenvalue of the training-loss Hessian (power iteration on Hessian-vector products, or the spec's `eigensolver:`)", []);

    public static readonly long Iterations = EigensolverSettings.Default.Iterations;
    public static readonly double Tolerance = EigensolverSettings.Default.Tolerance;

    public Tensor Compute(MetricContext c) => Held.Full([1], Of(c), ScalarType.Float64);

    /// <summary>The sharpness at the current step, computed once however many metrics read it.</summary>
    public static double Of(MetricContext c) => c.OncePerStep(Kind.Name, () => HessianSpectrum.Top(c));

    /// <summary>λ_max of ∇²loss at the current parameters (trials K = 1), by the default power iteration.</summary>
    public static double TopEigenvalue(Func<Tensor> loss, IReadOnlyList<Tensor> parameters)
    {
        using var pair = HessianSpectrum.PowerIteration(loss, parameters, Iterations, Tolerance);
        return pair.Value;
    }
}
