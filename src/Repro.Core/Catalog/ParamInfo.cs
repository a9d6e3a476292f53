namespace Repro.Core.Catalog;

public enum ParamType { Int, Double, Bool, Choice, Component }

/// <summary>
/// One parameter of a component kind: its type, default, allowed range and a line of documentation.
/// The spec loader checks values against it; the engine reads the checked value by name.
/// </summary>
public sealed record ParamInfo(string Name, ParamType Type, object Default, string Doc)
{
    public double? Min { get; init; }
    public bool MinExclusive { get; init; }
    public double? Max { get; init; }
    /// <summary>The value must stay below <see cref="Max"/> (β &lt; 1): JSON Schema's exclusiveMaximum.</summary>
    public bool MaxExclusive { get; init; }
    public IReadOnlyList<string> Choices { get; init; } = [];
    /// <summary>For <see cref="ParamType.Component"/>: the area whose kinds the value may name.</summary>
    public string? Area { get; init; }

    public static ParamInfo Positive(string name, double @default, string doc) =>
        new(name, ParamType.Double, @default, doc) { Min = 0, MinExclusive = true };

    public static ParamInfo NonNegative(string name, double @default, string doc) =>
        new(name, ParamType.Double, @default, doc) { Min = 0 };

    public static ParamInfo Count(string name, long @default, string doc, long min = 1) =>
        new(name, ParamType.Int, @default, doc) { Min = min };

    public static ParamInfo Flag(string name, bool @default, string doc) => new(name, ParamType.Bool, @default, doc);

    public static ParamInfo OneOf(string name, string @default, string doc, params string[] choices) =>
        new(name, ParamType.Choice, @default, doc) { Choices = choices };

    public static ParamInfo Of(string name, string area, string defaultKind, string doc) =>
        new(name, ParamType.Component, defaultKind, doc) { Area = area };

    /// <summary>True when <paramref name="value"/> lies in the declared range.</summary>
    public bool InRange(double value) =>
        !(Min is { } lo && (MinExclusive ? value <= lo : value < lo)) && !(Max is { } hi && (MaxExclusive ? value >= hi : value > hi));

    /// <summary>The allowed range in words, for error messages and the README; empty when unbounded.</summary>
    public string RangeText => (Min, Max) switch
    {
        (null, null) => "",
        ({ } lo, null) => $"{Low} {Number(lo)}",
        (null, { } hi) => $"{High} {Number(hi)}",
        ({ } lo, { } hi) => $"{Low} {Number(lo)} and {High} {Number(hi)}",
    };

    string Low => MinExclusive ? ">" : ">=";
    string High => MaxExclusive ? "<" : "<=";

    static string Number(double v) => Repro.Core.Spec.Canonical.Number(v);
}
