using System.Text.Json.Nodes;
using Repro.Core.Figures;

namespace Repro.Core.Spec;

/// <summary>`train:` — how long to train and how often to record metrics.</summary>
public sealed record TrainSettings(long Steps, long LogEvery);

/// <summary>
/// Everything one trial needs except its seed: fully defaulted and checked. Its canonical JSON
/// (plus seed and engine version) is the trial's identity.
/// </summary>
public sealed record TrialConfig(
    Component Data, Component Model, Component Init, Component Optimizer, Component Schedule, Component Loss,
    TrainSettings Train, string Device, string Dtype, IReadOnlyList<string> Metrics)
{
    public JsonObject ToCanonical() => Canonical.Of(this);
}

public enum AtKind { Final, Step, Min, Max }

/// <summary>`at:` — which value along a trial's path a claim looks at.</summary>
public sealed record ClaimAt(AtKind Kind, long Step = 0)
{
    public override string ToString() => Kind == AtKind.Step ? $"step {Step}" : Kind.ToString().ToLowerInvariant();
}

/// <summary>
/// `expect:` — the measured value against a number (`"&lt; 1e-6"`), or, when <see cref="Metric"/> is set,
/// the claim's metric divided by that metric (taken <see cref="OtherAt"/>, else at the claim's `at`) on the
/// same trial against <see cref="Bound"/> (`"&lt; 0.5 * other"` → ratio &lt; 0.5).
/// </summary>
public sealed record Expectation(string Op, double Bound, string? Metric = null, ClaimAt? OtherAt = null)
{
    public bool Holds(double measured) => Op switch
    {
        "<" => measured < Bound,
        "<=" => measured <= Bound,
        ">" => measured > Bound,
        ">=" => measured >= Bound,
        _ => throw new InvalidOperationException($"unknown comparison '{Op}'"),
    };

    public override string ToString() => Metric is null
        ? $"{Op} {Canonical.Number(Bound)}"
        : $"{Op} {(Bound == 1 ? "" : Canonical.Number(Bound) + " * ")}{Metric}{(OtherAt is null ? "" : $" at {OtherAt}")}";
}

/// <summary>`monotone: increasing in PATH` — the reduced value, ordered by the numeric values of a swept path.</summary>
public sealed record Monotone(bool Increasing, string Path)
{
    public override string ToString() => $"{(Increasing ? "increasing" : "decreasing")} in {Path}";
}

/// <summary>
/// One claim: filter trials, take a value per trial, reduce over seeds, then either compare with a bound
/// (<see cref="Expect"/>) or check a trend across a sweep (<see cref="Monotone"/>); exactly one is set.
/// </summary>
public sealed record ClaimSpec(string Id, Mark Mark, IReadOnlyList<KeyValuePair<string, string>> Where, string Metric,
    ClaimAt At, string Reduce, Expectation? Expect, Monotone? Monotone = null)
{
    public string TestText => Expect?.ToString() ?? Monotone!.ToString();
}

public enum FigureX { Step, Metric, Path }

/// <summary>`kind:` of a figure: lines of medians (the default), one marker per trial, or grouped bars.</summary>
public enum FigureKind { Line, Scatter, Bar }

/// <summary>
/// One figure: metrics <see cref="Y"/> against <see cref="X"/> (step, another metric, or a swept path),
/// one line (marker colour, bar group) per metric and value of <see cref="Series"/>.
/// </summary>
public sealed record FigureSpec(string Id, Mark Mark, FigureKind Kind, string Title, IReadOnlyList<KeyValuePair<string, string>> Where, FigureX XKind, string X, IReadOnlyList<string> Y, string? Series,
    AxisScale XScale, AxisScale YScale);

/// <summary>
/// A spec after loading: every default applied, every value checked, the sweep expanded into
/// <see cref="Points"/> (one trial config per sweep point; seeds multiply them in the plan).
/// </summary>
public sealed record ResolvedSpec(
    string File, string Name, string Title, string Source, IReadOnlyList<long> Seeds, IReadOnlyList<string> Metrics,
    IReadOnlyList<TrialConfig> Points, IReadOnlyList<ClaimSpec> Claims, IReadOnlyList<FigureSpec> Figures, Mark DeviceMark)
{
    public JsonObject ToCanonical() => Canonical.Of(this);

    public string Hash => Canonical.Sha256(Canonical.Compact(ToCanonical()));
}
