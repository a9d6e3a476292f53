using System.Globalization;
using System.Text;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;

namespace Repro.Core.Figures;

/// <summary>
/// What every figure kind shares: size, palette, fonts, axes, the legend outside the plot, and the export through
/// OxyPlot's managed SVG exporter, whose text is measured with built-in font metrics (not system fonts), so the
/// bytes depend only on the plot.
/// </summary>
internal static class SvgPlot
{
    public const int Width = 720;
    public const int Height = 450;

    // Okabe-Ito, colour-blind safe; yellow goes last because it is faint on white.
    public static readonly OxyColor[] Palette =
    [
        OxyColor.FromRgb(0x00, 0x72, 0xB2), OxyColor.FromRgb(0xD5, 0x5E, 0x00), OxyColor.FromRgb(0x00, 0x9E, 0x73),
        OxyColor.FromRgb(0xCC, 0x79, 0xA7), OxyColor.FromRgb(0xE6, 0x9F, 0x00), OxyColor.FromRgb(0x56, 0xB4, 0xE9),
        OxyColor.FromRgb(0x00, 0x00, 0x00), OxyColor.FromRgb(0xF0, 0xE4, 0x42),
    ];

    public const string Font = "Helvetica, Arial, sans-serif";
    public static readonly OxyColor Ink = OxyColor.FromRgb(0x22, 0x22, 0x22);
    public const double TickFontSize = 11;

    public static PlotModel Model(string title) => new()
    {
        Title = title,
        TitleFontSize = 16,
        DefaultFont = Font,
        DefaultFontSize = 12,
        TextColor = Ink,
        PlotAreaBorderColor = OxyColor.FromRgb(0x99, 0x99, 0x99),
        Background = OxyColors.White,
        // Tick labels use the model's culture; never the thread's.
        Culture = CultureInfo.InvariantCulture,
    };

    // Outside the plot area so the legend never hides data.
    public static Legend Legend() => new()
    {
        LegendPlacement = LegendPlacement.Outside,
        LegendPosition = LegendPosition.TopCenter,
        LegendOrientation = LegendOrientation.Horizontal,
        LegendFontSize = 12,
        LegendItemSpacing = 24,
        LegendSymbolLength = 24,
    };

    public static bool Drawable(double v, AxisScale scale) => double.IsFinite(v) && (scale == AxisScale.Linear || v > 0);

    public static Axis Axis(AxisPosition position, string title, AxisScale scale)
    {
        Axis axis = scale == AxisScale.Linear ? new LinearAxis { StringFormat = "G6" } : LogAxis();
        axis.Position = position;
        axis.Title = title;
        axis.TitleFontSize = 13;
        // A rotated title is placed by OxyPlot's estimate of the tick labels' width, which runs short for
        // narrow labels ("0.4"): the extra room keeps the two from touching.
        axis.AxisTitleDistance = position is AxisPosition.Left or AxisPosition.Right ? 12 : 6;
        axis.FontSize = TickFontSize;
        axis.MajorGridlineStyle = LineStyle.Solid;
        axis.MajorGridlineColor = OxyColor.FromRgb(0xDD, 0xDD, 0xDD);
        axis.MinorGridlineStyle = LineStyle.Solid;
        axis.MinorGridlineColor = OxyColor.FromRgb(0xF2, 0xF2, 0xF2);
        axis.TicklineColor = OxyColor.FromRgb(0x99, 0x99, 0x99);
        // Steps start at the data's first x, so no padding along x; some along y so lines clear the frame.
        axis.MinimumPadding = axis.MaximumPadding = position == AxisPosition.Bottom ? 0 : 0.03;
        return axis;
    }

    private static LogarithmicAxis LogAxis()
    {
        // Denser than the default 60 px, so a 16-decade axis is labelled every second decade, not every fourth.
        var axis = new LogarithmicAxis { IntervalLength = 30 };
        axis.LabelFormatter = v => FormatLogTick(v, axis.ActualMinimum, axis.ActualMaximum);
        return axis;
    }

    // Plain numbers when the whole axis sits in [0.001, 10000) (e.g. 0.3, 0.5, 1, 2); otherwise every label as
    // a power of ten with a superscript exponent (OxyPlot renders "^{...}"), so one axis never mixes styles.
    // OxyPlot puts a major tick at every 1..9 × 10^k on short axes and labels them all, which overlaps: keep
    // the label of decades only on long axes, of 1, 2 and 5 × 10^k on medium ones, and of all on very short ones.
    private static string FormatLogTick(double v, double min, double max)
    {
        var inv = CultureInfo.InvariantCulture;
        var e = Math.Floor(Math.Log10(v) + 1e-9);
        var m = Math.Round(v / Math.Pow(10, e), 3);
        double decades = Math.Log10(max / min);
        bool labelled = decades >= 2.5 ? m == 1 : decades >= 0.5 ? m is 1 or 2 or 5 : true;
        if (!labelled)
        {
            return "";
        }
        if (min >= 1e-3 && max < 1e4)
        {
            return v.ToString("G4", inv);
        }
        var power = "10^{" + e.ToString("0", inv) + "}";
        return m == 1 ? power : m.ToString("G3", inv) + "\u00D7" + power;
    }

    /// <summary>The width in pixels that a text takes in the exported SVG (the same built-in metrics).</summary>
    public static double TextWidth(string text, double fontSize) => new PixelTextMeasurer().MeasureText(text, Font, fontSize, FontWeights.Normal).Width;

    public static byte[] Export(PlotModel model)
    {
        using var stream = new MemoryStream();
        new SvgExporter
        {
            Width = Width,
            Height = Height,
            TextMeasurer = new PixelTextMeasurer(),
            // Plain baselines: rsvg and some browsers ignore dominant-baseline="hanging".
            UseVerticalTextAlignmentWorkaround = true,
        }.Export(model, stream);
        // The XML writer emits a UTF-8 byte-order mark; SVG files conventionally have none.
        var bytes = stream.ToArray();
        return bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
    }

    /// <summary>
    /// OxyPlot's PDF context measures with built-in Helvetica metrics (deterministic, no system fonts) but in points;
    /// SVG user units are pixels, so widths and heights are scaled by 96/72 or labels would overlap.
    /// </summary>
    private sealed class PixelTextMeasurer() : PdfRenderContext(Width, Height, OxyColors.White)
    {
        public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
        {
            var size = base.MeasureText(text, fontFamily, fontSize, fontWeight);
            return new OxySize(size.Width * 96 / 72, size.Height * 96 / 72);
        }
    }
}
