using Repro.Core.Claims.Comparisons;
using Repro.Core.Claims.Measures;
using Repro.Core.Claims.Positions;
using Repro.Core.Claims.Reducers;
using Repro.Core.Claims.Trends;

namespace Repro.Core.Spec;

/// <summary>`tolerance: { abs: A, rel: R }` — slack A + R·|bound| granted to a comparison (and to each step of a trend).</summary>
public sealed record Tolerance(double Abs, double Rel)
{
    public double Slack(double bound) => Abs + Rel * Math.Abs(bound);

    public override string ToString() => $"abs {Canonical.Number(Abs)}, rel {Canonical.Number(Rel)}";
}

/// <summary>
/// `expect:` — the measured value against a number (`"&lt; 1e-6"`), or, when <see cref="Metric"/> is set,
/// the claim's metric divided by that metric (taken <see cref="OtherAt"/>, else at the claim's `at`) on the
/// same trial against <see cref="Bound"/> (`"&lt; 0.5 * other"` → ratio &lt; 0.5).
/// </summary>
public sealed record Expectation(Comparison Compare, double Bound, string? Metric = null, ClaimAt? OtherAt = null)
{
    /// <summary>The operator as written: `&lt;`, `==`.</summary>
    public string Op => Compare.Name;

    public bool Holds(double measured, Tolerance? tolerance = null) => Compare.Holds(measured, Bound, tolerance?.Slack(Bound) ?? 0);

    public double Margin(double measured, Tolerance? tolerance = null) => Compare.Margin(measured, Bound, tolerance?.Slack(Bound) ?? 0);

    public override string ToString() => Metric is null
        ? $"{Op} {Canonical.Number(Bound)}"
        : $"{Op} {(Bound == 1 ? "" : Canonical.Number(Bound) + " * ")}{Metric}{(OtherAt is null ? "" : $" at {OtherAt}")}";
}

/// <summary>`monotone: increasing in PATH` — the reduced value, ordered by the numeric values of a swept path.</summary>
public sealed record Monotone(Trend Direction, string Path)
{
    public override string ToString() => $"{Direction} in {Path}";
}

/// <summary>
/// One claim: filter trials, take a value per trial (<see cref="At"/>), reduce over seeds (<see cref="Reduce"/>),
/// then either compare with a bound (<see cref="Expect"/>) or check a trend across a sweep (<see cref="Monotone"/>);
/// exactly one is set. <see cref="Metric"/> may be `step` with an `at:` that finds a step: the step at which the
/// condition first held. With a <see cref="Measure"/> (`compare:`, `scaling:`), what is reduced and compared is one
/// value per pair of sweep points, pair of steps or series instead of one per trial. The forms are in Claims/
/// (registered in ClaimForms).
/// </summary>
public sealed record ClaimSpec(string Id, Mark Mark, IReadOnlyList<KeyValuePair<string, string>> Where, string Metric,
    ClaimAt At, Reducer Reduce, Expectation? Expect, Monotone? Monotone = null, Tolerance? Tolerance = null, Measure? Measure = null)
{
    public const string StepMetric = "step";

    /// <summary>What is tested, in one line: `&lt; 1e-06`, `increasing in init.scale`, `model.depth 3 / 2 &lt; 0.5`.</summary>
    public string TestText => Monotone?.ToString() ?? (Measure is null ? Expect!.ToString() : $"{Measure} {Expect}");
}
