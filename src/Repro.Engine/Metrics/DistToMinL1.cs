using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

public sealed class DistToMinL1 : IMetric
{
    public static readonly KindInfo Kind = new("dist_to_min_l1",
        "relative distance to the minimum-L1-norm interpolant (basis pursuit, an LP solved by OR-Tools GLOP)", [])
    {
        NeedsInterpolant = true,
        Needs = [Need.Model(Traits.Coefficients)],
        References = [ReferenceProblems.MinL1Info],
    };

    public Tensor Compute(MetricContext c) => Relative.Distance(c.Coefficients(), ReferenceProblems.MinL1(c));
}
