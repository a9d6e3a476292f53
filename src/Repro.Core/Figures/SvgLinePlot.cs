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

    public static byte[] Render(LinePlot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var model = SvgPlot.Model(plot.Title);
        model.Axes.Add(SvgPlot.Axis(AxisPosition.Bottom, plot.XLabel, plot.XScale));
        model.Axes.Add(SvgPlot.Axis(AxisPosition.Left, plot.YLabel, plot.YScale));
        model.Legends.Add(SvgPlot.Legend());

        var lines = new List<OxyLineSeries>();
        for (var s = 0; s < plot.Series.Count; s++)
        {
            var series = plot.Series[s];
            var color = SvgPlot.Palette[s % SvgPlot.Palette.Length];
            // Bands are split into runs of drawable points so a dropped point leaves a gap, not a bridge.
            foreach (var run in BandRuns(series, plot.XScale, plot.YScale))
            {
                var band = new AreaSeries
                {
                    Color = OxyColors.Transparent,
                    Color2 = OxyColors.Transparent,
                    StrokeThickness = 0,
                    Fill = OxyColor.FromAColor(56, color),
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
        }
        // Lines after all bands, so no band is painted over another series' line.
        foreach (var line in lines)
        {
            model.Series.Add(line);
        }
        return SvgPlot.Export(model);
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
