using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>The fraction of the true support among the k largest |wⱼ|, k = |supp θ*|: 1 means the support is recovered.</summary>
public sealed class SupportRecovery : IMetric
{
    public static readonly KindInfo Kind = new("support_recovery",
        "fraction of the true coefficients' support found among the k largest |wⱼ| (k = support size)", [])
    {
        Needs = [Need.Model(Traits.FeatureCoefficients), Need.Data(Traits.TrueCoefficients)],
    };

    public Tensor Compute(MetricContext c)
    {
        // An internal check: the binder gives this metric data with true coefficients only (Kind.Needs).
        var truth = c.Data.Truth?.to(ScalarType.Float64) ?? throw new InvalidOperationException("support_recovery needs data with known true coefficients");
        var support = truth.ne(Held.Zero);
        long k = support.sum(1).max().item<long>();
        var top = c.Coefficients().abs().topk((int)k, dim: 1).indexes;
        return support.gather(1, top).to(ScalarType.Float64).sum(1) / support.sum(1).to(ScalarType.Float64);
    }
}
