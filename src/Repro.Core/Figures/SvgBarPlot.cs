using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;
using OxyLineSeries = OxyPlot.Series.LineSeries;

namespace Repro.Core.Figures;

/// <summary>
/// Renders a <see cref="BarPlot"/> as SVG: vertical bars grouped by category, with min–max whiskers. The geometry is
/// ours, not OxyPlot's <c>BarSeries</c>: category i spans [i − ½, i + ½] on a linear x axis labelled with the category
/// names, and each bar is a rectangle there, so whiskers sit exactly on their bars and a log y axis has a finite base.
/// </summary>
public static class SvgBarPlot
{
    // Of each category's unit width, the share that its bars take (the rest separates categories), and of each bar's
    // slot, the share that is filled (the rest separates the bars of a group).
    private const double ClusterWidth = 0.8;
    private const double BarFill = 0.86;

    /// <summary>The plot as SVG at the default size (for tests of this kind alone).</summary>
    public static byte[] Render(BarPlot plot) => SvgPlot.Export(Draw(plot));

    public static PlotDrawing Draw(BarPlot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var model = SvgPlot.Model(plot.Title);
        int groups = Math.Max(1, plot.Groups.Count);
        var drawn = plot.Bars.Where(b => SvgPlot.Drawable(b.Median, plot.YScale)).ToList();
        double floor = Floor(plot);

        model.Axes.Add(CategoryAxis(plot));
        var valueAxis = SvgPlot.Axis(AxisPosition.Left, plot.YLabel, plot.YScale);
        valueAxis.MaximumPadding = 0.06;
        // Bars grow from the floor: 0 on a linear axis (the axis starts there unless a value is negative), a power of
        // ten below the smallest value on a log axis, where 0 does not exist.
        if (plot.YScale == AxisScale.Log || !plot.Bars.Any(b => b.Low < 0 || b.Median < 0))
        {
            valueAxis.Minimum = floor;
            valueAxis.MinimumPadding = 0;
        }
        else
        {
            // Bars hang down from 0 as well as stand on it: mark where that is.
            model.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.Horizontal, Y = 0, Color = OxyColor.FromRgb(0x66, 0x66, 0x66), StrokeThickness = 1, LineStyle = LineStyle.Solid });
        }
        model.Axes.Add(valueAxis);
        // One group needs no legend: the y label names it.
        if (plot.Groups.Count > 1) model.Legends.Add(SvgPlot.Legend());

        double slot = ClusterWidth / groups;
        double Center(Bar b) => b.Category - ClusterWidth / 2 + slot * (b.Group + 0.5);
        for (var g = 0; g < plot.Groups.Count; g++)
        {
            var color = SvgPlot.Palette[g % SvgPlot.Palette.Length];
            // Every group keeps its legend entry, even if none of its bars is drawable.
            var series = new RectangleBarSeries { Title = plot.Groups[g], FillColor = color, StrokeColor = color, StrokeThickness = 0 };
            foreach (var b in drawn.Where(b => b.Group == g))
                series.Items.Add(new RectangleBarItem(Center(b) - slot * BarFill / 2, floor, Center(b) + slot * BarFill / 2, b.Median));
            model.Series.Add(series);
        }

        // Whiskers after all bars, so no bar covers a neighbour's whisker; one series, broken between whiskers.
        var whiskers = new OxyLineSeries { Color = SvgPlot.Ink, StrokeThickness = 1.2, RenderInLegend = false };
        // Caps half as wide as the bar, but never wider than 0.16 of a category (wide bars, short caps).
        double cap = Math.Min(slot * BarFill / 4, 0.08);
        foreach (var b in drawn.Where(b => b.Trials > 1 && b.High > b.Low && SvgPlot.Drawable(b.High, plot.YScale)))
        {
            double x = Center(b);
            // On a log axis a non-positive minimum cannot be drawn: the whisker then runs to the floor, without a cap.
            bool lowDrawn = SvgPlot.Drawable(b.Low, plot.YScale);
            double low = lowDrawn ? b.Low : floor;
            whiskers.Points.AddRange([new(x, low), new(x, b.High), DataPoint.Undefined, new(x - cap, b.High), new(x + cap, b.High), DataPoint.Undefined]);
            if (lowDrawn) whiskers.Points.AddRange([new(x - cap, low), new(x + cap, low), DataPoint.Undefined]);
        }
        model.Series.Add(whiskers);

        // A cell whose value is missing (a diverged trial) or cannot be drawn (≤ 0 on a log axis) says so, and so does
        // a bar of height 0, which would look like a missing one.
        foreach (var b in plot.Bars)
        {
            string? note = !SvgPlot.Drawable(b.Median, plot.YScale) ? "n/a" : b.Median == 0 ? "0" : null;
            if (note is null) continue;
            model.Annotations.Add(new TextAnnotation
            {
                Text = note,
                TextPosition = new DataPoint(Center(b), floor),
                TextVerticalAlignment = VerticalAlignment.Bottom,
                TextHorizontalAlignment = HorizontalAlignment.Center,
                FontSize = 10,
                TextColor = OxyColor.FromRgb(0x66, 0x66, 0x66),
                Stroke = OxyColors.Transparent,
                StrokeThickness = 0,
            });
        }
        return new PlotDrawing(model);
    }

    /// <summary>
    /// Where bars start: 0 on a linear axis; on a log axis a power of ten at least a tenth of the data's span (in
    /// decades) below the smallest value, so that the smallest bar still has a visible height.
    /// </summary>
    public static double Floor(BarPlot plot)
    {
        if (plot.YScale == AxisScale.Linear) return 0;
        var logs = plot.Bars.SelectMany(b => new[] { b.Low, b.Median, b.High })
            .Where(v => SvgPlot.Drawable(v, AxisScale.Log)).Select(Math.Log10).ToList();
        if (logs.Count == 0) return 1;
        double span = logs.Max() - logs.Min();
        return Math.Pow(10, Math.Floor(logs.Min() - Math.Max(0.1 * span, 0.05)));
    }

    private static LinearAxis CategoryAxis(BarPlot plot)
    {
        int n = Math.Max(1, plot.Categories.Count);
        var axis = (LinearAxis)SvgPlot.Axis(AxisPosition.Bottom, plot.XLabel, AxisScale.Linear);
        axis.Minimum = -0.5;
        axis.Maximum = n - 0.5;
        axis.MajorStep = axis.MinorStep = 1;
        axis.MajorGridlineStyle = axis.MinorGridlineStyle = LineStyle.None;
        axis.MinorTickSize = 0;
        axis.LabelFormatter = v =>
        {
            int i = (int)Math.Round(v);
            return Math.Abs(v - i) < 1e-6 && i >= 0 && i < plot.Categories.Count ? plot.Categories[i] : "";
        };
        // Long names that would run into each other are slanted. The plot area is about 640 px wide.
        double widest = plot.Categories.Select(c => SvgPlot.TextWidth(c, SvgPlot.TickFontSize)).DefaultIfEmpty(0).Max();
        if (widest > 0.9 * 640 / n) axis.Angle = -30;
        return axis;
    }
}
