using OxyPlot;

namespace Repro.Core.Figures;

/// <summary>
/// A figure drawn but not yet exported: the OxyPlot model, and for each data line (in drawing order) its colour and the
/// text a browser shows on hover (<see cref="LineTitles"/>, written into the SVG as &lt;title&gt;). One drawing is
/// exported twice, as SVG and as PDF.
/// </summary>
public sealed class PlotDrawing(PlotModel model)
{
    public PlotModel Model => model;

    public List<(OxyColor Color, string Text)> LineTitles { get; } = [];

    /// <summary>The colour of each legend entry by its label: a reference line that belongs to one series takes its colour.</summary>
    public Dictionary<string, OxyColor> SeriesColors { get; } = new(StringComparer.Ordinal);

    /// <summary>Values an axis must reach beyond the data (reference lines): <see cref="SvgPlot.Settle"/> widens it to them.</summary>
    public List<(OxyPlot.Axes.AxisPosition Axis, double Value)> Extents { get; } = [];

    /// <summary>Whether <see cref="SvgPlot.Settle"/> has ended its axes: the SVG and the PDF of one drawing share them.</summary>
    internal bool Settled { get; set; }
}

/// <summary>A figure's two published files.</summary>
public sealed record FigureFiles(byte[] Svg, byte[] Pdf);
