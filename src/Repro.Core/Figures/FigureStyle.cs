using Repro.Core.Derived;

namespace Repro.Core.Figures;

/// <summary>`band:` of a line figure: what the shaded band around each median line spans over the trials it gathers.</summary>
public enum BandStyle { MinMax, Iqr, None }

/// <summary>One axis as the spec sets it (`axes: { x: {...} }`): its title and limits; null leaves the default.</summary>
public sealed record AxisStyle(string? Title = null, double? Min = null, double? Max = null)
{
    public static readonly AxisStyle Default = new();
}

/// <summary>
/// A reference line (`reference:`): a constant or an expression of config values (`2 / optimizer.lr`), across the plot
/// at that x or y. An expression that differs between the figure's trials draws one line per value.
/// </summary>
/// <param name="Axis">'x' (a vertical line) or 'y' (a horizontal one)</param>
/// <param name="Value">the expression; its names are numeric config paths</param>
/// <param name="Label">the legend text; null: the expression's text</param>
public sealed record ReferenceLine(char Axis, Expression Value, string? Label);

/// <summary>
/// How a figure looks beyond what it plots: axis titles and limits, reference lines, the band of a line figure and the
/// size in pixels (the PDF's in points). <see cref="Default"/> is what a figure without these keys gets.
/// </summary>
public sealed record FigureStyle(AxisStyle X, AxisStyle Y, IReadOnlyList<ReferenceLine> References, BandStyle Band, int Width, int Height)
{
    public const int DefaultWidth = 720, DefaultHeight = 450, MinSize = 240, MaxSize = 2400;

    public static readonly FigureStyle Default = new(AxisStyle.Default, AxisStyle.Default, [], BandStyle.MinMax, DefaultWidth, DefaultHeight);

    public static string BandName(BandStyle band) => band switch { BandStyle.Iqr => "iqr", BandStyle.None => "none", _ => "minmax" };
}
