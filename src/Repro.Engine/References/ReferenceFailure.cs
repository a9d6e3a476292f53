using Repro.Core;

namespace Repro.Engine.References;

/// <summary>
/// A reference by its published name (the `reference` column of references.parquet) and the metrics that read
/// it. A solver that finds no answer on a trial's data raises <see cref="Failed"/>: a run error of a valid spec
/// (exit 3) that names the reference, says what the solver reported and what to change, never a bug.
/// </summary>
sealed record ReferenceFailure(string Name, string Metrics)
{
    public static readonly ReferenceFailure Svm = new("svm", "margin_gap, angle_to_svm, cosine_to_svm, log_t_slope_ratio");
    public static readonly ReferenceFailure MaxMarginL1 = new("max_margin_l1", "l1_margin_gap");
    public static readonly ReferenceFailure MaxMarginLInf = new("max_margin_linf", "linf_margin_gap");
    public static readonly ReferenceFailure MinL1 = new("min_l1_interpolant", "dist_to_min_l1");
    public static readonly ReferenceFailure MinLInf = new("min_linf_interpolant", "dist_to_min_linf");
    public static readonly ReferenceFailure MinEntropy = new("min_entropy_interpolant", "dist_to_min_entropy");
    public static readonly ReferenceFailure MinNuclear = new("min_nuclear_completion", "dist_to_min_nuclear, nuclear_norm_gap, min_nuclear_test_loss");
    public static readonly ReferenceFailure MinNuclearSensing = new("min_nuclear_sensing", "dist_to_min_nuclear_sensing and the other *_min_nuclear_sensing metrics");
    public static readonly ReferenceFailure QAlpha = new("q_alpha", "dist_to_q_alpha and the other *_q_alpha metrics");

    /// <param name="status">what the solver found or reported</param>
    /// <param name="fix">what to change in the spec so the reference exists</param>
    public RunException Failed(string status, string fix, Exception? inner = null) =>
        Fail.Run($"reference {Name}: {status}; {fix}, or drop the metrics that need it ({Metrics})", inner);

    /// <summary>The fix for references that need linearly separable ±1 labels.</summary>
    public const string SeparableData = "use data linearly separable through the origin (data: { kind: separable-classification, margin: 0.5 })";

    /// <summary>The fix for interpolants, which need Xw = y to have solutions.</summary>
    public const string MoreFeatures = "use more features than training points (data.features > data.n_train) so that interpolants exist";
}
