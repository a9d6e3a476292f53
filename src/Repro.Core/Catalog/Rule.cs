using Repro.Core.Spec;

namespace Repro.Core.Catalog;

/// <summary>
/// A rule that relates one parameter of a kind to another value of the trial, checked when the spec is bound.
/// Paths are dotted trial paths (data.features, model.rows); a rule whose other path the trial lacks (another
/// kind there) does not apply.
/// </summary>
public abstract record Rule(string Param)
{
    /// <summary>param ≤ the value at <paramref name="other"/> (a target's nonzeros within the data's features).</summary>
    public static Rule AtMost(string param, string other) => new AtMostRule(param, other);

    /// <summary>param = the value at <paramref name="other"/> (a model's rows and the data's).</summary>
    public static Rule Equal(string param, string other) => new EqualRule(param, other);

    /// <summary>The list <paramref name="param"/> has as many entries as the value at <paramref name="other"/> (coefficients and features).</summary>
    public static Rule LengthEquals(string param, string other) => new LengthRule(param, other);

    /// <summary>
    /// The fraction <paramref name="param"/> of <paramref name="total"/> things (rounded to a whole count, halves away
    /// from zero) leaves at least one on each side: a training set and a test set.
    /// </summary>
    public static Rule Split(string param, Func<Component, long> total, string things) => new SplitRule(param, total, things);
}

public sealed record AtMostRule(string Param, string Other) : Rule(Param);

public sealed record EqualRule(string Param, string Other) : Rule(Param);

public sealed record LengthRule(string Param, string Other) : Rule(Param);

public sealed record SplitRule(string Param, Func<Component, long> Total, string Things) : Rule(Param)
{
    /// <summary>How many of <paramref name="total"/> the fraction takes, as the data kinds round it.</summary>
    public static long Taken(double fraction, long total) => (long)Math.Round(fraction * total, MidpointRounding.AwayFromZero);
}
