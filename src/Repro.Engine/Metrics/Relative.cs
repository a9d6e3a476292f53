using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>Small helpers shared by the distance and margin metrics; all on float64 [K, P] tensors.</summary>
public static class Relative
{
    /// <summary>‖a − b‖₂ / ‖b‖₂ per trial, 0 where both are 0 (e.g. at step 0 against a zero reference).</summary>
    public static Tensor Distance(Tensor a, Tensor b)
    {
        var gap = linalg.vector_norm(a - b, dims: [1]);
        var scale = linalg.vector_norm(b, dims: [1]);
        return where(gap == 0, zeros_like(gap), gap / scale);
    }

    /// <summary>minᵢ yᵢ⟨w, xᵢ⟩ / ‖w‖ₚ per trial, for labels y ∈ {−1, +1} and the norm's order p.</summary>
    public static Tensor Margin(Tensor w, Tensor design, Tensor labels, double order)
    {
        var margins = labels * design.bmm(w.unsqueeze(-1)).squeeze(-1);
        return margins.min(1).values / linalg.vector_norm(w, ord: order, dims: [1]);
    }
}
