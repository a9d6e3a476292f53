using System.Text.Json.Nodes;
using Repro.Core.Figures;

namespace Repro.Core.Spec;

/// <summary>`train:` — how long to train and how often to record metrics.</summary>
/// <param name="Until">stop a trial early at the first recorded step where this holds (none: train all the steps)</param>
public sealed record TrainSettings(long Steps, long LogEvery, StopRule? Until = null);

/// <summary>
/// `train: { until: "train_loss < 1e-6" }`: a trial stops at the first recorded step (0, a multiple of log_every)
/// where its recorded metric satisfies the comparison; `steps` is then the cap, and steps_completed the step reached.
/// </summary>
public sealed record StopRule(string Metric, Claims.Comparisons.Comparison Compare, double Bound)
{
    public bool Holds(double value) => !double.IsNaN(value) && Compare.Holds(value, Bound, 0);

    public override string ToString() => $"{Metric} {Compare.Name} {Canonical.Number(Bound)}";
}

/// <summary>
/// `eigensolver:` — how the Hessian eigenvalue metrics (sharpness, lambda_2) are computed. <see cref="Default"/> is the
/// power iteration sharpness used before the block existed; a trial that does not write the block keeps its key.
/// </summary>
public sealed record EigensolverSettings(string Kind, long Iterations, double Tolerance)
{
    public static readonly EigensolverSettings Default = new("power", 100, 1e-7);

    public const long MaxIterations = 100_000;
}

/// <summary>
/// Everything one trial needs except its seed: fully defaulted and checked. Its canonical JSON
/// (plus seed and engine version) is the trial's identity.
/// </summary>
public sealed record TrialConfig(
    Component Data, Component Model, Component Init, Component Optimizer, Component Schedule, Component Loss,
    TrainSettings Train, string Device, string Dtype, IReadOnlyList<string> Metrics)
{
    /// <summary>`eigensolver:` as written, or null: not written, the default, and absent from the canonical form.</summary>
    public EigensolverSettings? Eigensolver { get; init; }

    /// <summary>The eigensolver the metrics use: the written one or the default.</summary>
    public EigensolverSettings EigensolverOrDefault => Eigensolver ?? EigensolverSettings.Default;

    public JsonObject ToCanonical() => Canonical.Of(this);
}

/// <summary>The optional artifacts a spec may ask for in `artifacts:`.</summary>
public static class ArtifactKinds
{
    public const string Weights = "weights";

    public static readonly IReadOnlyList<string> All = [Weights];
}

public enum FigureX { Step, Metric, Path }

/// <summary>
/// One figure: metrics <see cref="Y"/> against <see cref="X"/> (step, another metric, or a swept path),
/// one line (marker colour, bar group) per metric and value of <see cref="Series"/>. Its <see cref="Kind"/>
/// (one of <see cref="FigureKinds.All"/>) draws it; a kind that counts trials has no <see cref="Y"/>.
/// </summary>
public sealed record FigureSpec(string Id, Mark Mark, FigureKind Kind, string Title, IReadOnlyList<KeyValuePair<string, string>> Where, FigureX XKind, string X, IReadOnlyList<string> Y, string? Series,
    AxisScale XScale, AxisScale YScale)
{
    /// <summary>`axes:`, `reference:`, `band:` and `size:`: how it looks beyond what it plots.</summary>
    public FigureStyle Style { get; init; } = FigureStyle.Default;
}

/// <summary>
/// A spec after loading: every default applied, every value checked, the sweep expanded into
/// <see cref="Points"/> (one trial config per sweep point; seeds multiply them in the plan).
/// </summary>
public sealed record ResolvedSpec(
    string File, string Name, string Title, string Source, IReadOnlyList<long> Seeds, IReadOnlyList<string> Metrics,
    IReadOnlyList<TrialConfig> Points, IReadOnlyList<ClaimSpec> Claims, IReadOnlyList<FigureSpec> Figures, Mark DeviceMark)
{
    /// <summary>`derived:`, in the order written: computed after training, published after the recorded metrics.</summary>
    public IReadOnlyList<Derived.DerivedMetric> Derived { get; init; } = [];

    /// <summary>Every metric published per step and in the summary: the recorded ones in `metrics:` order, then the derived ones.</summary>
    public IReadOnlyList<string> Published => [.. Metrics, .. Derived.Select(d => d.Name)];

    /// <summary>`artifacts:`: what is published beyond the tables every run has (<see cref="ArtifactKinds"/>).</summary>
    public IReadOnlyList<string> Artifacts { get; init; } = [];

    /// <summary>`artifacts: [weights]`: weights.parquet, every trial's final parameters.</summary>
    public bool KeepsWeights => Artifacts.Contains(ArtifactKinds.Weights);

    public JsonObject ToCanonical() => Canonical.Of(this);

    public string Hash => Canonical.Sha256(Canonical.Compact(ToCanonical()));
}
