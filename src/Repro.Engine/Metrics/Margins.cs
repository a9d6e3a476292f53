using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

// Classification metrics against the max-margin references (Soudry et al. 2018; Gunasekar et al. 2018).
// Labels are the raw targets y ∈ {−1, +1}.

static class MarginMetrics
{
    /// <summary>What every margin metric needs: a coefficient vector, and ±1 labels (the SVM and LP references refuse others).</summary>
    public static readonly IReadOnlyList<Need> Needs = [Need.Model(Traits.Coefficients), Need.Data(Traits.SignLabels)];
}

public sealed class Margin : IMetric
{
    public static readonly KindInfo Kind = new("margin", "normalized margin minᵢ yᵢ⟨w, xᵢ⟩/‖w‖₂", [])
    {
        Needs = MarginMetrics.Needs,
    };

    public Tensor Compute(MetricContext c) => Relative.Margin(c.Coefficients(), c.Design(), c.Data.YTrain.to(ScalarType.Float64), 2);
}

public sealed class MarginGap : IMetric
{
    public static readonly KindInfo Kind = new("margin_gap", "(γ_SVM − γ(w))/γ_SVM: relative gap to the hard-margin SVM's L2 margin", [])
    {
        Needs = MarginMetrics.Needs,
        References = [ReferenceProblems.SvmInfo],
    };

    public Tensor Compute(MetricContext c) => Gap(c, 2, ReferenceProblems.Svm(c).Scalars["margin"]);

    internal static Tensor Gap(MetricContext c, double order, double optimum)
    {
        using var best = optimum.ToScalar();
        return best.From(Relative.Margin(c.Coefficients(), c.Design(), c.Data.YTrain.to(ScalarType.Float64), order)).div(best);
    }
}

public sealed class L1MarginGap : IMetric
{
    public static readonly KindInfo Kind = new("l1_margin_gap", "relative gap to the maximal L1 margin max min yᵢ⟨w, xᵢ⟩/‖w‖₁ (LP)", [])
    {
        Needs = MarginMetrics.Needs,
        References = [ReferenceProblems.MaxMarginL1Info],
    };

    public Tensor Compute(MetricContext c) => MarginGap.Gap(c, 1, ReferenceProblems.MaxMarginL1(c).Scalars["margin"]);
}

public sealed class LInfMarginGap : IMetric
{
    public static readonly KindInfo Kind = new("linf_margin_gap", "relative gap to the maximal L∞ margin max min yᵢ⟨w, xᵢ⟩/‖w‖∞ (LP)", [])
    {
        Needs = MarginMetrics.Needs,
        References = [ReferenceProblems.MaxMarginLInfInfo],
    };

    public Tensor Compute(MetricContext c) => MarginGap.Gap(c, double.PositiveInfinity, ReferenceProblems.MaxMarginLInf(c).Scalars["margin"]);
}

public sealed class AngleToSvm : IMetric
{
    public static readonly KindInfo Kind = new("angle_to_svm", "angle in degrees between w and the hard-margin SVM direction", [])
    {
        Needs = MarginMetrics.Needs,
        References = [ReferenceProblems.SvmInfo],
    };

    public Tensor Compute(MetricContext c) => Relative.AngleDegrees(c.Coefficients(), ReferenceProblems.Svm(c).Coefficients);
}

public sealed class CosineToSvm : IMetric
{
    public static readonly KindInfo Kind = new("cosine_to_svm", "cosine similarity between w and the hard-margin SVM direction", [])
    {
        Needs = MarginMetrics.Needs,
        References = [ReferenceProblems.SvmInfo],
    };

    public Tensor Compute(MetricContext c) => Of(c);

    internal static Tensor Of(MetricContext c) => nn.functional.cosine_similarity(c.Coefficients(), ReferenceProblems.Svm(c).Coefficients, dim: 1);
}

/// <summary>
/// The growth of ‖w‖ per unit of ln t between consecutive records, over ‖ŵ‖ of the SVM. On separable data
/// w(t) ≈ ŵ ln t + bounded terms, so this ratio settles at 1. Undefined (NaN) until two records after step 0.
/// </summary>
public sealed class LogTSlopeRatio : IMetric
{
    public static readonly KindInfo Kind = new("log_t_slope_ratio", "Δ‖w‖/Δln t between consecutive records, divided by ‖ŵ_SVM‖ (theory: → 1)", [])
    {
        Needs = MarginMetrics.Needs,
        References = [ReferenceProblems.SvmInfo],
    };

    (long Step, Tensor Norm)? previous;

    public Tensor Compute(MetricContext c)
    {
        var norm = Held.VectorNorm(c.Coefficients(), dims: [1]);
        var value = previous is { Step: > 0 } p
            ? (norm - p.Norm).Over(Math.Log(c.Step) - Math.Log(p.Step)).Over(ReferenceProblems.Svm(c).Scalars["norm"])
            : Held.FullLike(norm, double.NaN);
        previous?.Norm.Dispose();
        previous = (c.Step, norm.detach().clone().DetachFromDisposeScope());
        return value;
    }

    public void Dispose() => previous?.Norm.Dispose();
}

/// <summary>
/// ‖w(t) − ŵ ln t‖₂ for the hard-margin SVM ŵ and t the step count: Soudry et al. (2018, Thm. 3 and Fig. 1) show it
/// stays bounded for gradient descent on separable data with the logistic loss. NaN at step 0, where ln t is not defined.
/// </summary>
public sealed class SvmLogTResidual : IMetric
{
    public static readonly KindInfo Kind = new("svm_log_t_residual", "‖w(t) − ŵ·ln t‖₂, ŵ the hard-margin SVM and t the step count (theory: bounded); NaN at step 0", [])
    {
        Needs = MarginMetrics.Needs,
        References = [ReferenceProblems.SvmInfo],
    };

    public Tensor Compute(MetricContext c)
    {
        var w = c.Coefficients();
        if (c.Step == 0) return Held.FullLike(w.select(1, 0), double.NaN);
        return Held.VectorNorm(w - ReferenceProblems.Svm(c).Coefficients.Times(Math.Log(c.Step)), dims: [1]);
    }
}
