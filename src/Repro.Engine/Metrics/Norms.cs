using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

public sealed class L1Norm : IMetric
{
    public static readonly KindInfo Kind = new("l1_norm", "‖w‖₁ of the effective coefficients", [])
    {
        Needs = [Need.Model(Traits.Coefficients)],
    };

    public Tensor Compute(MetricContext c) => Held.VectorNorm(c.Coefficients(), ord: 1, dims: [1]);
}

public sealed class L2Norm : IMetric
{
    public static readonly KindInfo Kind = new("l2_norm", "‖w‖₂ of the effective coefficients", [])
    {
        Needs = [Need.Model(Traits.Coefficients)],
    };

    public Tensor Compute(MetricContext c) => Held.VectorNorm(c.Coefficients(), dims: [1]);
}
