using System.Numerics;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures.Kinds;

/// <summary>
/// What a histogram shows: the bin edges (one more than there are bins, increasing), and per group (a value of the
/// series path, or all trials) its label and its count of trials in each bin; <see cref="LeftOut"/> trials had no
/// value to place. Pure data.
/// </summary>
public sealed record HistogramBins(string Title, string XLabel, AxisScale XScale, IReadOnlyList<double> Edges,
    IReadOnlyList<(string Label, IReadOnlyList<int> Counts)> Groups, int LeftOut);

/// <summary>
/// `kind: histogram` — how a metric's final values are distributed over the selected trials: x is the metric, each
/// bar counts the trials whose final value falls in its bin. Bins by Sturges' rule, ⌈log₂ n⌉ + 1 of them for n
/// values, of equal width from the smallest value to the largest (equal in log₁₀ on a log x axis), each closed on the
/// left and the last on both sides, as NumPy's `histogram`: they depend on the values alone, so the bytes do too.
/// Equal values get one bin around them (v ± |v|/2, or ± 0.5 for 0; half a decade each side on a log axis). With
/// `series` the groups share the bins and stand side by side in each. A trial without a final value (diverged; not
/// positive on a log axis) is not drawn, and the axis title counts it.
/// </summary>
public sealed record HistogramFigure : FigureKind
{
    public override string Name => "histogram";

    public override string Doc => "one bar per bin (Sturges' rule: ⌈log₂ n⌉ + 1 equal bins, equal in log₁₀ on a log x axis) counting the trials whose final value of x falls in it; `series` puts one bar per value side by side in each bin; takes no `y`";

    public override string XDoc => "a recorded metric (required): its final values are binned";

    public override bool TakesY => false;

    public override void Check(FigureCheck figure)
    {
        string example = figure.Metrics.FirstOrDefault() ?? "train_loss";
        if (figure.XKind != FigureX.Metric)
            figure.ErrorAtX(figure.XGiven
                    ? $"x = {figure.X} does not fit a histogram figure, which bins the final values of a recorded metric"
                    : "a histogram figure needs `x:`, the recorded metric whose final values it bins",
                $"set e.g. `x: {example}`; to compare the values of a swept path use `kind: bar`");
        else if (figure.YGiven)
            figure.ErrorAtY("a histogram figure takes no `y:`: its bars count trials", $"remove `y:`; the binned metric is `x: {figure.X}`");
        else if (figure.YScale == AxisScale.Log)
            figure.ErrorAtYScale("scale y: log does not apply to a histogram figure, whose bars count trials (an empty bin is 0)",
                "remove `y: log` from `scale:` (a log x axis is allowed: `scale: { x: log }`)");
    }

    public override PlotDrawing Draw(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results) => Draw(Build(figure, plan, results));

    public static HistogramBins Build(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        bool log = figure.XScale == AxisScale.Log;
        var groups = plan.Trials.Where(t => t.Satisfies(figure.Where))
            .GroupBy(t => FigureBuilder.SeriesKey(figure, t))
            .Select(g => (Label: FigureBuilder.Label(figure, figure.X, g.Key),
                Values: g.Select(t => ClaimChecker.FinalValue(byKey[t.Key], figure.X)).Where(v => SvgPlot.Drawable(v, figure.XScale)).ToList(),
                Trials: g.Count()))
            .ToList();

        // Binned where the bins are equal: in log₁₀ of the values on a log axis.
        double Scaled(double v) => log ? Math.Log10(v) : v;
        var scaled = groups.SelectMany(g => g.Values).Select(Scaled).ToList();
        var edges = Edges(scaled);
        int bins = edges.Length - 1;
        var counts = groups.Select(g =>
        {
            var count = new int[bins];
            foreach (var v in g.Values) count[Bin(Scaled(v), edges)]++;
            return (g.Label, (IReadOnlyList<int>)count);
        }).ToList();

        int leftOut = groups.Sum(g => g.Trials) - scaled.Count;
        string missing = leftOut == 0 ? "" : $"; {leftOut} without a{(log ? " positive" : "")} value";
        string xLabel = $"{figure.X} (final value; {scaled.Count} trial{(scaled.Count == 1 ? "" : "s")} in {bins} bin{(bins == 1 ? "" : "s")}{missing})";
        var real = edges.Select(e => log ? Math.Pow(10, e) : e).ToList();
        return new HistogramBins(figure.Title, xLabel, figure.XScale, real, counts, leftOut);
    }

    /// <summary>Sturges' bin edges over values already on the binning scale; the last edge is the largest value itself.</summary>
    static double[] Edges(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return [0, 1];
        double lo = values.Min(), hi = values.Max();
        if (lo == hi)
        {
            double half = lo == 0 ? 0.5 : Math.Abs(lo) / 2;
            return [lo - half, hi + half];
        }
        // ⌈log₂ n⌉ + 1 in integers, so no floating-point log decides the count.
        int bins = BitOperations.Log2((uint)(values.Count - 1)) + 2;
        return [.. Enumerable.Range(0, bins).Select(i => lo + i * ((hi - lo) / bins)), hi];
    }

    // The last bin whose left edge is at most v: bins are closed on the left, the last one on the right too.
    static int Bin(double v, double[] edges)
    {
        int bin = edges.Length - 2;
        while (bin > 0 && v < edges[bin]) bin--;
        return bin;
    }

    /// <summary>The histogram as SVG at the default size (for tests of this kind alone).</summary>
    public static byte[] Render(HistogramBins histogram) => SvgPlot.Export(Draw(histogram));

    public static PlotDrawing Draw(HistogramBins histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var model = SvgPlot.Model(histogram.Title);
        var xAxis = SvgPlot.Axis(AxisPosition.Bottom, histogram.XLabel, histogram.XScale);
        // The bins span the axis, end to end.
        xAxis.Minimum = histogram.Edges[0];
        xAxis.Maximum = histogram.Edges[^1];
        model.Axes.Add(xAxis);
        var yAxis = SvgPlot.Axis(AxisPosition.Left, "trials", AxisScale.Linear);
        yAxis.Minimum = 0;
        yAxis.MinimumPadding = 0;
        yAxis.MaximumPadding = 0.06;
        // Counts are whole numbers: no tick between two of them.
        yAxis.MinimumMajorStep = yAxis.MinimumMinorStep = 1;
        yAxis.StringFormat = "0";
        model.Axes.Add(yAxis);
        // One group needs no legend: the axis title names the metric.
        if (histogram.Groups.Count > 1) model.Legends.Add(SvgPlot.Legend());

        bool log = histogram.XScale == AxisScale.Log;
        int groups = Math.Max(1, histogram.Groups.Count);
        // Group g's bar takes the g-th of equal slots of its bin (equal on the axis's own scale).
        double At(int bin, double share)
        {
            double lo = histogram.Edges[bin], hi = histogram.Edges[bin + 1];
            return log ? lo * Math.Pow(hi / lo, share) : lo + (hi - lo) * share;
        }
        for (int g = 0; g < histogram.Groups.Count; g++)
        {
            var color = SvgPlot.Palette[g % SvgPlot.Palette.Length];
            // White outlines keep neighbouring bars of one colour apart; every group keeps its legend entry.
            var series = new RectangleBarSeries { Title = histogram.Groups[g].Label, FillColor = color, StrokeColor = OxyColors.White, StrokeThickness = 1 };
            var counts = histogram.Groups[g].Counts;
            for (int bin = 0; bin < counts.Count; bin++)
            {
                if (counts[bin] > 0) series.Items.Add(new RectangleBarItem(At(bin, (double)g / groups), 0, At(bin, (double)(g + 1) / groups), counts[bin]));
            }
            model.Series.Add(series);
        }
        return new PlotDrawing(model);
    }
}
