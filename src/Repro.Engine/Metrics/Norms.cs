using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

public sealed class L1Norm : IMetric
{
    public static readonly KindInfo Kind = new("l1_norm", "‖w‖₁ of the effective coefficients", [])
    {
        Needs = [Need.Model(Traits.Coefficients)],
    };

    public Tensor Compute(MetricContext c) => linalg.vector_norm(c.Coefficients(), ord: 1, dims: [1]);
}

public sealed class L2Norm : IMetric
{
    public static readonly KindInfo Kind = new("l2_norm", "‖w‖₂ of the effective coefficients", [])
    {
        Needs = [Need.Model(Traits.Coefficients)],
    };

    public Tensor Compute(MetricContext c) => linalg.vector_norm(c.Coefficients(), dims: [1]);
}
