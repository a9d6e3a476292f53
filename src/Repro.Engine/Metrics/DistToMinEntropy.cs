using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

public sealed class DistToMinEntropy : IMetric
{
    public static readonly KindInfo Kind = new("dist_to_min_entropy",
        "relative distance to argmin D_ψ(w, w₀) s.t. Xw = y for the entropy potential (where mirror descent from w₀ ends)", [])
    {
        NeedsInterpolant = true,
        Needs = [Need.Model(Traits.PositiveCoefficients), Need.Init(Traits.PositiveStart, "the entropy interpolant is stated from a positive w₀")],
        References = [ReferenceProblems.MinEntropyInfo],
    };

    public Tensor Compute(MetricContext c) => Relative.Distance(c.Coefficients(), ReferenceProblems.MinEntropy(c));
}
