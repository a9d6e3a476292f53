using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>‖θ − θ_min-norm‖ / ‖θ_min-norm‖: relative, so one bound serves every problem size.</summary>
public sealed class DistToMinNorm : IMetric
{
    public static readonly KindInfo Kind = new("dist_to_min_norm",
        "relative distance ‖θ − θ*‖/‖θ*‖ to the minimum-L2-norm interpolant θ* = pinv(X)y (linear models)", []);

    public Tensor Compute(MetricContext c)
    {
        var reference = c.MinNormSolution;
        var theta = c.LinearModel.Coefficients(c.Parameters).to(ScalarType.Float64);
        return linalg.vector_norm(theta - reference, dims: [1]) / linalg.vector_norm(reference, dims: [1]);
    }
}
