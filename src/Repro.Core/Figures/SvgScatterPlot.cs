using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using OxyScatterPoint = OxyPlot.Series.ScatterPoint;

namespace Repro.Core.Figures;

/// <summary>Renders a <see cref="ScatterPlot"/> as SVG: one marker per point, colour and shape per group.</summary>
public static class SvgScatterPlot
{
    // Shapes as well as colours, so groups stay apart in grey print and for colour-blind readers.
    private static readonly MarkerType[] Shapes =
        [MarkerType.Circle, MarkerType.Square, MarkerType.Diamond, MarkerType.Triangle, MarkerType.Cross, MarkerType.Plus, MarkerType.Star];

    /// <summary>The plot as SVG at the default size (for tests of this kind alone).</summary>
    public static byte[] Render(ScatterPlot plot) => SvgPlot.Export(Draw(plot));

    public static PlotDrawing Draw(ScatterPlot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var model = SvgPlot.Model(plot.Title);
        foreach (var axis in new[] { SvgPlot.Axis(AxisPosition.Bottom, plot.XLabel, plot.XScale), SvgPlot.Axis(AxisPosition.Left, plot.YLabel, plot.YScale) })
        {
            // Markers at the extremes must not be cut in half by the frame.
            axis.MinimumPadding = axis.MaximumPadding = 0.04;
            model.Axes.Add(axis);
        }
        // One group needs no legend: the y label names it.
        if (plot.Groups.Count > 1) model.Legends.Add(SvgPlot.Legend());

        for (var g = 0; g < plot.Groups.Count; g++)
        {
            var group = plot.Groups[g];
            var color = SvgPlot.Palette[g % SvgPlot.Palette.Length];
            var shape = Shapes[g % Shapes.Length];
            // Translucent fill, solid outline: seeds that land on top of each other still show as a darker marker.
            var markers = new ScatterSeries
            {
                Title = group.Label,
                MarkerType = shape,
                MarkerSize = 4.5,
                MarkerFill = shape is MarkerType.Cross or MarkerType.Plus or MarkerType.Star ? color : OxyColor.FromAColor(150, color),
                MarkerStroke = color,
                MarkerStrokeThickness = 1.2,
            };
            foreach (var p in group.Points.Where(p => SvgPlot.Drawable(p.X, plot.XScale) && SvgPlot.Drawable(p.Y, plot.YScale)))
                markers.Points.Add(new OxyScatterPoint(p.X, p.Y));
            model.Series.Add(markers);
        }
        return new PlotDrawing(model);
    }
}
