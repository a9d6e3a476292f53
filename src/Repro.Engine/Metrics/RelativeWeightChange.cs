using Repro.Core.Catalog;
using Repro.Engine.Numerics;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>‖θ_t − θ_0‖/‖θ_0‖ over all parameters: small in the lazy (kernel) regime, order one in the rich one.</summary>
public sealed class RelativeWeightChange : IMetric
{
    public static readonly KindInfo Kind = new("relative_weight_change", "‖θ − θ₀‖/‖θ₀‖ over all parameters", []);

    public Tensor Compute(MetricContext c)
    {
        var change = c.Parameters.Zip(c.InitialParameters, (p, p0) => (p - p0).to(ScalarType.Float64).Square().flatten(1).sum(1)).Aggregate(Held.Plus);
        var start = c.InitialParameters.Select(p0 => p0.to(ScalarType.Float64).Square().flatten(1).sum(1)).Aggregate(Held.Plus);
        return PortableMath.Sqrt(change / start);
    }
}
