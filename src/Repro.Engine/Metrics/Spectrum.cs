using Repro.Core.Catalog;
using Repro.Engine.Models;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

// Spectral metrics of the end-to-end matrix W of a matrix model (factorized-matrix), from torch.linalg.svdvals.

/// <summary>The end-to-end matrix of the trial's model, float64 [K, rows, cols].</summary>
static class EndToEnd
{
    // An internal check: the binder gives spectral metrics a matrix model only (their Kind.Needs).
    public static IMatrixModel Model(MetricContext c) => c.Model as IMatrixModel
        ?? throw new InvalidOperationException($"this metric needs a matrix model (factorized-matrix), not {c.Model.GetType().Name}");

    public static Tensor Matrix(MetricContext c) => Model(c).Matrix(c.Parameters).to(ScalarType.Float64);

    /// <summary>Singular values, largest first [K, min(rows, cols)]; NaN for a trial whose W is not finite (diverged).</summary>
    public static Tensor SingularValues(MetricContext c)
    {
        var w = Matrix(c);
        // LAPACK refuses non-finite input, and a diverging trial must still be recorded (as NaN) before it stops.
        var finite = w.isfinite().flatten(1).all(1);
        var sigma = linalg.svdvals(where(finite.view(-1, 1, 1), w, zeros_like(w)));
        return where(finite.view(-1, 1), sigma, Held.FullLike(sigma, double.NaN));
    }
}

public sealed class NuclearNorm : IMetric
{
    public static readonly KindInfo Kind = new("nuclear_norm", "‖W‖_*, the sum of the singular values of the end-to-end matrix", [])
    {
        Needs = [Need.Model(Traits.Matrix)],
    };

    public Tensor Compute(MetricContext c) => EndToEnd.SingularValues(c).sum(1);
}

/// <summary>
/// exp of the entropy of σ/‖σ‖₁ (Roy and Vetterli 2007): between 1 and min(rows, cols), equal to r for r
/// equal non-zero singular values, and continuous, so a matrix that is only nearly low-rank gets a value near r.
/// </summary>
public sealed class EffectiveRank : IMetric
{
    public static readonly KindInfo Kind = new("effective_rank", "exp(entropy of σ/‖σ‖₁), the effective rank of the end-to-end matrix (Roy and Vetterli 2007); NaN for W = 0", [])
    {
        Needs = [Need.Model(Traits.Matrix)],
    };

    public Tensor Compute(MetricContext c)
    {
        var sigma = EndToEnd.SingularValues(c);
        var p = sigma / sigma.sum(1, keepdim: true);
        return special.entr(p).sum(1).exp();
    }
}

/// <summary>The k-th largest singular value of W (NaN where W has fewer than k).</summary>
public sealed class SingularValue(int k) : IMetric
{
    public static KindInfo KindOf(int k) => new($"singular_value_{k}", $"σ_{k}, the {Ordinal(k)} singular value of the end-to-end matrix, largest first (NaN if it has fewer)", [])
    {
        Needs = [Need.Model(Traits.Matrix)],
    };

    public static readonly KindInfo First = KindOf(1), Second = KindOf(2), Third = KindOf(3);

    public Tensor Compute(MetricContext c)
    {
        var sigma = EndToEnd.SingularValues(c);
        return sigma.shape[1] >= k ? sigma.select(1, k - 1) : Held.Full([sigma.shape[0]], double.NaN, ScalarType.Float64);
    }

    static string Ordinal(int k) => k switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{k}th" };
}
