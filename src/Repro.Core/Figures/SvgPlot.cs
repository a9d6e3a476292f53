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
        // Room below the x axis's title, whose height OxyPlot underestimates under superscript tick labels.
        Padding = new OxyThickness(8, 8, 16, 14),
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
        // A log axis's minor ticks (2..9 × 10^k, and finer on a short axis) as grid lines read as a barcode: its
        // major grid is enough. A linear axis keeps a faint minor grid.
        axis.MinorGridlineStyle = scale == AxisScale.Log ? LineStyle.None : LineStyle.Solid;
        axis.MinorGridlineColor = OxyColor.FromRgb(0xF2, 0xF2, 0xF2);
        axis.TicklineColor = OxyColor.FromRgb(0x99, 0x99, 0x99);
        // No padding: <see cref="Settle"/> ends each axis at a tick beyond the data.
        axis.MinimumPadding = axis.MaximumPadding = 0;
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
        // OxyPlot computes ticks as powers, so 0.01 can arrive as 0.00999…: a mantissa that rounds to 10 is 1 of the next decade.
        var e = Math.Floor(Math.Log10(v) + 1e-9);
        var m = Math.Round(v / Math.Pow(10, e), 3);
        if (m >= 10)
        {
            e += 1;
            m = Math.Round(m / 10, 3);
        }
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
    public static double TextWidth(string text, double fontSize) => new PixelTextMeasurer(Width, Height).MeasureText(text, Font, fontSize, FontWeights.Normal).Width;

    /// <summary>The drawing as SVG bytes at the default size, for tests of one plot kind.</summary>
    public static byte[] Export(PlotDrawing drawing) => Svg(drawing, Width, Height, "");

    /// <summary>
    /// The drawing as SVG: axes settled, every id prefixed with <paramref name="ids"/> (so that several figures can
    /// share a page), and each data line given its &lt;title&gt;.
    /// </summary>
    public static byte[] Svg(PlotDrawing drawing, int width, int height, string ids)
    {
        Settle(drawing);
        using var stream = new MemoryStream();
        new SvgExporter
        {
            Width = width,
            Height = height,
            TextMeasurer = new PixelTextMeasurer(width, height),
            // Plain baselines: rsvg and some browsers ignore dominant-baseline="hanging".
            UseVerticalTextAlignmentWorkaround = true,
        }.Export(drawing.Model, stream);
        // The XML writer emits a UTF-8 byte-order mark; SVG files conventionally have none.
        var bytes = stream.ToArray();
        var text = Encoding.UTF8.GetString(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);
        return Encoding.UTF8.GetBytes(SvgText.Titled(SvgText.Prefixed(text, ids), drawing.LineTitles));
    }

    /// <summary>
    /// The drawing as PDF, the page in points as the SVG is in pixels, drawn by <see cref="Pdf.PdfCanvas"/>: text in the
    /// bundled DejaVu Sans, embedded as subsets, so every character shows and the bytes depend only on the plot.
    /// </summary>
    public static byte[] Pdf(PlotDrawing drawing, int width, int height)
    {
        Settle(drawing);
        var canvas = new Pdf.PdfCanvas(width, height);
        IPlotModel model = drawing.Model;
        model.Update(true);
        canvas.DrawRectangle(new OxyRect(0, 0, width, height), drawing.Model.Background.IsVisible() ? drawing.Model.Background : OxyColors.White,
            OxyColors.Undefined, 0, EdgeRenderingMode.Automatic);
        model.Render(canvas, new OxyRect(0, 0, width, height));
        return canvas.ToPdf();
    }

    /// <summary>
    /// Ends each axis the kind left open at a tick beyond the data, so both ends are labelled: a linear axis at a
    /// multiple of a 1-2-2.5-5 step (a y axis one minor step further where a line would run along the frame), a log axis
    /// at a decade when it spans several, else at 1, 2 or 5 × 10^k.
    /// </summary>
    public static void Settle(PlotDrawing drawing)
    {
        var model = drawing.Model;
        // Once: the SVG and the PDF of a drawing share its axes.
        if (drawing.Settled) return;
        drawing.Settled = true;
        ((IPlotModel)model).Update(true);
        foreach (var axis in model.Axes)
        {
            double lo = axis.DataMinimum, hi = axis.DataMaximum;
            foreach (var (_, value) in drawing.Extents.Where(e => e.Axis == axis.Position))
                (lo, hi) = (double.IsFinite(lo) ? Math.Min(lo, value) : value, double.IsFinite(hi) ? Math.Max(hi, value) : value);
            if (!double.IsFinite(lo) || !double.IsFinite(hi) || axis.LabelFormatter is not null && axis is not LogarithmicAxis) continue;
            // A kind that asked for room beyond the data (markers that must not be cut by the frame, bars' whiskers)
            // keeps OxyPlot's padding at that end.
            bool setLow = double.IsNaN(axis.Minimum) && axis.MinimumPadding == 0, setHigh = double.IsNaN(axis.Maximum) && axis.MaximumPadding == 0;
            if (!setLow && !setHigh && double.IsNaN(axis.Minimum) && double.IsNaN(axis.Maximum)) continue;
            if (!double.IsNaN(axis.Minimum)) lo = axis.Minimum;
            if (!double.IsNaN(axis.Maximum)) hi = axis.Maximum;
            if (axis is LogarithmicAxis)
            {
                if (lo <= 0 || hi <= 0) continue;
                // The same 2.5-decade line as the tick labels' (FormatLogTick): an end is always a labelled tick.
                double bottom = setLow ? OneTwoFive(lo, down: true) : lo, top = setHigh ? OneTwoFive(hi, down: false) : hi;
                bool decades = Math.Log10(top / bottom) >= 2.5;
                if (setLow) axis.Minimum = decades ? Math.Pow(10, Math.Floor(Math.Log10(lo) + 1e-9)) : bottom;
                if (setHigh) axis.Maximum = decades ? Math.Pow(10, Math.Ceiling(Math.Log10(hi) - 1e-9)) : top;
                if (axis.Minimum >= axis.Maximum) axis.Maximum = OneTwoFive(axis.Minimum * 1.0001, down: false);
                // On a short log axis OxyPlot ticks every integer between its 1..9 × 10^k ticks: a barcode. Those are enough.
                if (Math.Log10(axis.Maximum / axis.Minimum) < 2.5) axis.MinorTickSize = 0;
                continue;
            }
            if (hi - lo <= 0) (lo, hi) = lo == 0 ? (-1, 1) : (lo - Math.Abs(lo) / 10, hi + Math.Abs(hi) / 10);
            int ticks = axis.Position is AxisPosition.Bottom or AxisPosition.Top ? 7 : 6;
            var (step, minor) = NiceStep((hi - lo) / ticks);
            double low = Math.Floor(lo / step + 1e-9) * step, high = Math.Ceiling(hi / step - 1e-9) * step;
            // A y axis whose data sits on a tick would draw that line along the frame: one minor step more.
            bool vertical = axis.Position is AxisPosition.Left or AxisPosition.Right;
            if (vertical && setLow && Math.Abs(lo - low) < 1e-9 * step && lo != 0) low -= minor;
            if (vertical && setHigh && Math.Abs(high - hi) < 1e-9 * step) high += minor;
            if (setLow) axis.Minimum = low;
            if (setHigh) axis.Maximum = high;
            axis.MajorStep = step;
            axis.MinorStep = minor;
        }
    }

    /// <summary>A step of 1, 2, 2.5 or 5 × 10^k at least <paramref name="raw"/>, and its minor step (a fifth, or a quarter of a 2).</summary>
    public static (double Major, double Minor) NiceStep(double raw)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double m in (double[])[1, 2, 2.5, 5, 10])
            if (m * power >= raw * (1 - 1e-9)) return (m * power, m == 2 ? power / 2 : m * power / 5);
        return (10 * power, 2 * power);
    }

    /// <summary>The nearest 1, 2 or 5 × 10^k below (or above) <paramref name="v"/>, or v itself when it is one.</summary>
    public static double OneTwoFive(double v, bool down)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(v) + 1e-9));
        double[] marks = [1, 2, 5, 10];
        if (down) return marks.Where(m => m * power <= v * (1 + 1e-9)).Max() * power;
        return marks.Where(m => m * power >= v * (1 - 1e-9)).Min() * power;
    }

    /// <summary>
    /// OxyPlot's PDF context measures with built-in Helvetica metrics (deterministic, no system fonts) but in points;
    /// SVG user units are pixels, so widths and heights are scaled by 96/72 or labels would overlap.
    /// </summary>
    private sealed class PixelTextMeasurer(int width, int height) : PdfRenderContext(width, height, OxyColors.White)
    {
        public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
        {
            var size = base.MeasureText(text, fontFamily, fontSize, fontWeight);
            return new OxySize(size.Width * 96 / 72, size.Height * 96 / 72);
        }
    }
}
