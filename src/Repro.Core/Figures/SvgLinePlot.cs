using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using OxyLineSeries = OxyPlot.Series.LineSeries;

namespace Repro.Core.Figures;

/// <summary>
/// Renders a <see cref="LinePlot"/> as SVG: one line per series (the median over seeds) over a band from the lowest to
/// the highest seed. The look (size, palette, axes, legend, export) is <see cref="SvgPlot"/>'s.
/// </summary>
public static class SvgLinePlot
{
    public const int Width = SvgPlot.Width;
    public const int Height = SvgPlot.Height;

    /// <summary>The plot as SVG at the default size (for tests of this kind alone).</summary>
    public static byte[] Render(LinePlot plot) => SvgPlot.Export(Draw(plot));

    public static PlotDrawing Draw(LinePlot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var model = SvgPlot.Model(plot.Title);
        model.Axes.Add(SvgPlot.Axis(AxisPosition.Bottom, plot.XLabel, plot.XScale));
        model.Axes.Add(SvgPlot.Axis(AxisPosition.Left, plot.YLabel, plot.YScale));
        // One line needs no legend: the y label names it.
        if (plot.Series.Count > 1) model.Legends.Add(SvgPlot.Legend());
        var drawing = new PlotDrawing(model);

        var lines = new List<OxyLineSeries>();
        for (var s = 0; s < plot.Series.Count; s++)
        {
            var series = plot.Series[s];
            var color = SvgPlot.Palette[s % SvgPlot.Palette.Length];
            // Bands are split into runs of drawable points so a dropped point leaves a gap, not a bridge.
            foreach (var run in plot.Bands ? BandRuns(series, plot.XScale, plot.YScale) : [])
            {
                var band = new AreaSeries
                {
                    Color = OxyColors.Transparent,
                    Color2 = OxyColors.Transparent,
                    StrokeThickness = 0,
                    // Light, and under every line: a band shows spread without hiding the medians.
                    Fill = OxyColor.FromAColor(40, color),
                    RenderInLegend = false,
                };
                foreach (var i in run)
                {
                    band.Points.Add(new DataPoint(series.X[i], series.High[i]));
                    band.Points2.Add(new DataPoint(series.X[i], series.Low[i]));
                }
                model.Series.Add(band);
            }

            // Undefined points break the line; the series keeps its legend entry even if nothing is drawable.
            var line = new OxyLineSeries { Title = series.Label, Color = color, StrokeThickness = 2, LineJoin = LineJoin.Round };
            for (var i = 0; i < series.X.Count; i++)
            {
                var ok = SvgPlot.Drawable(series.X[i], plot.XScale) && SvgPlot.Drawable(series.Median[i], plot.YScale);
                line.Points.Add(ok ? new DataPoint(series.X[i], series.Median[i]) : DataPoint.Undefined);
            }
            lines.Add(line);
            drawing.LineTitles.Add((color, Title(series, plot.XScale, plot.YScale)));
            drawing.SeriesColors[series.Label] = color;
        }
        // Lines after all bands, so no band is painted over another series' line.
        foreach (var line in lines)
        {
            model.Series.Add(line);
        }
        return drawing;
    }

    /// <summary>What a browser shows on hover over a line: its label, its last value and its extremes, of the points drawn.</summary>
    public static string Title(LineSeries s, AxisScale xScale, AxisScale yScale)
    {
        var points = Enumerable.Range(0, s.X.Count).Where(i => SvgPlot.Drawable(s.X[i], xScale) && SvgPlot.Drawable(s.Median[i], yScale)).ToList();
        if (points.Count == 0) return $"{s.Label}: no value that can be drawn";
        static string N(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        int last = points[^1], low = points.MinBy(i => s.Median[i]), high = points.MaxBy(i => s.Median[i]);
        return $"{s.Label}: {N(s.Median[last])} at x = {N(s.X[last])}; lowest {N(s.Median[low])} at x = {N(s.X[low])}; highest {N(s.Median[high])} at x = {N(s.X[high])}";
    }

    private static IEnumerable<List<int>> BandRuns(LineSeries s, AxisScale xs, AxisScale ys)
    {
        var run = new List<int>();
        for (var i = 0; i < s.X.Count; i++)
        {
            if (SvgPlot.Drawable(s.X[i], xs) && SvgPlot.Drawable(s.Low[i], ys) && SvgPlot.Drawable(s.High[i], ys))
            {
                run.Add(i);
            }
            else if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        }
        if (run.Count > 0)
        {
            yield return run;
        }
    }
}
