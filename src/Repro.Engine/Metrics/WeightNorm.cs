using Repro.Core.Catalog;
using Repro.Engine.Numerics;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

public sealed class WeightNorm : IMetric
{
    public static readonly KindInfo Kind = new("weight_norm", "Euclidean norm of all parameters together", []);

    public Tensor Compute(MetricContext c)
    {
        var squares = c.Parameters.Select(p => p.to(ScalarType.Float64).Square().flatten(1).sum(1)).ToList();
        return PortableMath.Sqrt(squares.Aggregate(Held.Plus));
    }
}
