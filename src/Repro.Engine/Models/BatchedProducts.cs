using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// Matrix products over the trial dimension K whose row k comes out bit for bit as it does with K = 1,
/// so that a trial batched with others computes what it computes alone.
/// </summary>
/// <remarks>
/// libtorch's bmm with one output column takes a different BLAS route when K = 1 than when K &gt; 1, and
/// the two round differently (measured: every row differed in the last bits). Written as a row vector
/// times the transposed matrix, the product takes the K = 1 route's arithmetic for every K: its values
/// and first-order gradients match the column form at K = 1 bit for bit. A trial alone (and every metric,
/// which sees one trial) keeps the column form, so second-order metrics (sharpness) stay as they were.
/// The row form's gradient with respect to x comes out transposed, which would send later backward
/// products down another BLAS route; a flatten/view pair, free in the forward pass, makes backward copy
/// it into the contiguous layout the column form gives. tests/Repro.Tests/Engine/BatchingTests.cs checks
/// every bundled spec and every optimizer batched against alone.
/// </remarks>
public static class BatchedProducts
{
    /// <summary>x [K, n, d] · v [K, d] → [K, n].</summary>
    public static Tensor MatVec(Tensor x, Tensor v) => x.shape[0] == 1
        ? x.bmm(v.unsqueeze(-1)).squeeze(-1)
        : v.unsqueeze(1).bmm((x.requires_grad ? x.flatten(1).view(x.shape) : x).transpose(1, 2)).squeeze(1);

    /// <summary>
    /// ∂/∂v of Σ g ⊙ MatVec(x, v) for data x (no gradient of its own): what autograd's backward computes for
    /// <see cref="MatVec"/>, op for op, in the same route. Column form (K = 1): bmm's gradient for its second
    /// factor, xᵀ·g; row form: bmm's gradient for its first factor, g·(xᵀ)ᵀ, whose second operand is x itself.
    /// </summary>
    public static Tensor MatVecGradient(Tensor x, Tensor g) => x.shape[0] == 1
        ? x.transpose(1, 2).bmm(g.unsqueeze(-1)).squeeze(-1)
        : g.unsqueeze(1).bmm(x.transpose(1, 2).transpose(1, 2)).squeeze(1);

    /// <summary>a [K, n, d] · b [K, d, m] → [K, n, m].</summary>
    public static Tensor MatMul(Tensor a, Tensor b) => b.shape[^1] == 1 ? MatVec(a, b.squeeze(-1)).unsqueeze(-1) : a.bmm(b);
}
