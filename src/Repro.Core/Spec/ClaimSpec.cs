namespace Repro.Core.Spec;

public enum AtKind { Final, Step, Min, Max, First }

/// <summary>`at: first METRIC OP NUMBER` — the first recorded step where a metric satisfies a bound.</summary>
public sealed record Condition(string Metric, string Op, double Value)
{
    public bool Holds(double value) => Comparison.Holds(Op, value, Value, 0);

    public override string ToString() => $"{Metric} {Op} {Canonical.Number(Value)}";
}

/// <summary>`at:` — which value along a trial's path a claim looks at.</summary>
public sealed record ClaimAt(AtKind Kind, long Step = 0, Condition? When = null)
{
    public override string ToString() => Kind switch
    {
        AtKind.Step => $"step {Step}",
        AtKind.First => $"first {When}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>`tolerance: { abs: A, rel: R }` — slack A + R·|bound| granted to a comparison (and to each step of a trend).</summary>
public sealed record Tolerance(double Abs, double Rel)
{
    public double Slack(double bound) => Abs + Rel * Math.Abs(bound);

    public override string ToString() => $"abs {Canonical.Number(Abs)}, rel {Canonical.Number(Rel)}";
}

/// <summary>The comparison operators and what "holds" means for each, with a slack.</summary>
public static class Comparison
{
    public static readonly string[] Operators = ["<", "<=", ">", ">=", "=="];

    public static bool Holds(string op, double value, double bound, double slack) => Margin(op, value, bound, slack) is var m && op switch
    {
        "<" or ">" => m > 0,
        _ => m >= 0,
    };

    /// <summary>How far inside the bound a value is (negative: outside); NaN for NaN.</summary>
    public static double Margin(string op, double value, double bound, double slack) => op switch
    {
        "<" or "<=" => bound + slack - value,
        ">" or ">=" => value - (bound - slack),
        "==" => slack - Math.Abs(value - bound),
        _ => throw new InvalidOperationException($"unknown comparison '{op}'"),
    };
}

/// <summary>
/// `reduce:` — how the values of the selected trials become one: a statistic (max, min, mean, median,
/// quantile Q), or a vote (all, any) in which each trial is compared on its own.
/// </summary>
public sealed record Reducer(string Kind, double Quantile = 0)
{
    public static readonly string[] Kinds = ["max", "min", "mean", "median", "quantile", "all", "any"];

    public bool IsVote => Kind is "all" or "any";

    public override string ToString() => Kind == "quantile" ? $"quantile {Canonical.Number(Quantile)}" : Kind;
}

/// <summary>
/// `expect:` — the measured value against a number (`"&lt; 1e-6"`), or, when <see cref="Metric"/> is set,
/// the claim's metric divided by that metric (taken <see cref="OtherAt"/>, else at the claim's `at`) on the
/// same trial against <see cref="Bound"/> (`"&lt; 0.5 * other"` → ratio &lt; 0.5).
/// </summary>
public sealed record Expectation(string Op, double Bound, string? Metric = null, ClaimAt? OtherAt = null)
{
    public bool Holds(double measured, Tolerance? tolerance = null) => Comparison.Holds(Op, measured, Bound, tolerance?.Slack(Bound) ?? 0);

    public double Margin(double measured, Tolerance? tolerance = null) => Comparison.Margin(Op, measured, Bound, tolerance?.Slack(Bound) ?? 0);

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
/// <see cref="Metric"/> may be `step` with `at: first ...`: the step at which the condition first held.
/// </summary>
public sealed record ClaimSpec(string Id, Mark Mark, IReadOnlyList<KeyValuePair<string, string>> Where, string Metric,
    ClaimAt At, Reducer Reduce, Expectation? Expect, Monotone? Monotone = null, Tolerance? Tolerance = null)
{
    public const string StepMetric = "step";

    public string TestText => Expect?.ToString() ?? Monotone!.ToString();
}
