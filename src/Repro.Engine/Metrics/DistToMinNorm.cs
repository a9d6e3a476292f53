using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>‖w − w*‖ / ‖w*‖ for the minimum-L2-norm interpolant w* = pinv(X)ψ⁻¹(y): relative, so one bound serves every size.</summary>
public sealed class DistToMinNorm : IMetric
{
    public static readonly KindInfo Kind = new("dist_to_min_norm",
        "relative distance ‖w − w*‖/‖w*‖ to the minimum-L2-norm interpolant w* = pinv(X)ψ⁻¹(y)", [])
    {
        Needs = [Need.Model(Traits.Coefficients)],
        References = [ReferenceProblems.MinL2Info],
    };

    public Tensor Compute(MetricContext c) => Relative.Distance(c.Coefficients(), ReferenceProblems.MinL2(c));
}
