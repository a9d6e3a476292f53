using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

public sealed class DistToNearestInterpolant : IMetric
{
    public static readonly KindInfo Kind = new("dist_to_nearest_interpolant",
        "relative distance to the interpolant nearest the initialization, w₀ + pinv(X)(ψ⁻¹(y) − Xw₀)", [])
    {
        Needs = [Need.Model(Traits.Coefficients)],
        References = [ReferenceProblems.NearestInfo],
    };

    public Tensor Compute(MetricContext c) => Relative.Distance(c.Coefficients(), ReferenceProblems.NearestInterpolant(c));
}
