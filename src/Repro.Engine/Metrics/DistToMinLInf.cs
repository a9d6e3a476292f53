using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

public sealed class DistToMinLInf : IMetric
{
    public static readonly KindInfo Kind = new("dist_to_min_linf",
        "relative distance to a minimum-L∞-norm interpolant (an LP solved by OR-Tools GLOP)", [])
    {
        NeedsInterpolant = true,
        Needs = [Need.Model(Traits.Coefficients)],
        References = [ReferenceProblems.MinLInfInfo],
    };

    public Tensor Compute(MetricContext c) => Relative.Distance(c.Coefficients(), ReferenceProblems.MinLInf(c));
}
