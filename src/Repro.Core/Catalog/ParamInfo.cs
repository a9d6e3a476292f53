namespace Repro.Core.Catalog;

/// <summary>
/// Vector: a list of numbers; Matrix: a list of equal-length rows of numbers (both <see cref="Spec.Numbers"/>).
/// Name: a name the spec chooses (a column); Names: a list of them (<see cref="Spec.Names"/>); File: a data file
/// beside the spec, read and hashed when the spec is bound (<see cref="Spec.DataFile"/>).
/// </summary>
public enum ParamType { Int, Double, Bool, Choice, Component, Vector, Matrix, Name, Names, File }

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
    /// <summary>The spec must give it (a list of points has no sensible default).</summary>
    public bool Required { get; init; }
    /// <summary>For a list: what to write, shown in the error when it is missing or malformed.</summary>
    public string? Example { get; init; }
    /// <summary>
    /// Added to its kind after results were published: written in the canonical form only when it differs from
    /// its default, so every trial that leaves it alone keeps the key (and the cache entry) it had before.
    /// </summary>
    public bool Added { get; init; }

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

    /// <summary>A list of numbers (each in range); <paramref name="required"/>: the spec must give it, else it is empty.</summary>
    public static ParamInfo Vector(string name, string doc, string example, bool required = true) =>
        new(name, ParamType.Vector, Spec.Numbers.NoVector, doc) { Required = required, Example = example };

    /// <summary>Rows of numbers, all of one length.</summary>
    public static ParamInfo Matrix(string name, string doc, string example, bool required = true) =>
        new(name, ParamType.Matrix, Spec.Numbers.NoMatrix, doc) { Required = required, Example = example };

    /// <summary>A column name (free text, not empty), required.</summary>
    public static ParamInfo Column(string name, string doc, string example) =>
        new(name, ParamType.Name, "", doc) { Required = true, Example = example };

    /// <summary>A non-empty list of distinct names.</summary>
    public static ParamInfo Columns(string name, string doc, string example) =>
        new(name, ParamType.Names, Spec.Names.None, doc) { Required = true, Example = example };

    /// <summary>A CSV or Parquet file, its path relative to the spec's folder; its SHA-256 (not its path) enters the trial key.</summary>
    public static ParamInfo File(string name, string doc, string example, bool required = true) =>
        new(name, ParamType.File, Spec.DataFile.None, doc) { Required = required, Example = example };

    /// <summary>Bound by a list rule (Vector, Matrix, Names) rather than from one scalar.</summary>
    public bool IsList => Type is ParamType.Vector or ParamType.Matrix or ParamType.Names;

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
