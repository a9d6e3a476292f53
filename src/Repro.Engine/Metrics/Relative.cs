using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>Small helpers shared by the distance and margin metrics; all on float64 [K, P] tensors.</summary>
public static class Relative
{
    /// <summary>‖a − b‖₂ / ‖b‖₂ per trial, 0 where both are 0 (e.g. at step 0 against a zero reference).</summary>
    public static Tensor Distance(Tensor a, Tensor b)
    {
        var gap = Held.VectorNorm(a - b, dims: [1]);
        var scale = Held.VectorNorm(b, dims: [1]);
        return where(gap.eq(Held.Zero), zeros_like(gap), gap / scale);
    }

    /// <summary>
    /// The angle between a and b in degrees per trial, as 2·atan2(‖â − b̂‖, ‖â + b̂‖) for the unit vectors â, b̂
    /// (Kahan): accurate at every angle, where acos(cos θ) loses half the digits near 0 (the regime the max-margin
    /// claims are about). It also keeps off libtorch's acos, whose MKL vector-math code path differs between CPU
    /// vendors (Numerics/PortableMath.cs); atan2 is not routed there. A zero vector has no direction: 90°, the
    /// angle that cosine_similarity's convention (cos = 0) gives.
    /// </summary>
    public static Tensor AngleDegrees(Tensor a, Tensor b)
    {
        var normA = Held.VectorNorm(a, dims: [1], keepdim: true);
        var (ua, ub) = (a / normA, b / Held.VectorNorm(b, dims: [1], keepdim: true));
        var angle = atan2(Held.VectorNorm(ua - ub, dims: [1]), Held.VectorNorm(ua.Plus(ub), dims: [1])).Times(360 / Math.PI);
        return where(normA.squeeze(1).eq(Held.Zero), Held.FullLike(angle, 90.0), angle);
    }

    /// <summary>minᵢ yᵢ⟨w, xᵢ⟩ / ‖w‖ₚ per trial, for labels y ∈ {−1, +1} and the norm's order p.</summary>
    public static Tensor Margin(Tensor w, Tensor design, Tensor labels, double order)
    {
        var margins = labels * design.bmm(w.unsqueeze(-1)).squeeze(-1);
        return margins.min(1).values / Held.VectorNorm(w, ord: order, dims: [1]);
    }
}
