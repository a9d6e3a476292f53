using Repro.Core.Claims;
using Repro.Core.Claims.Reducers;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>
/// Turns a line figure spec and the trial results into the data of a plot: one line per y metric and value
/// of the series path, the median over the trials in it, and a band from their minimum to their maximum.
/// </summary>
public static class FigureBuilder
{
    public static LinePlot Build(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        var groups = plan.Trials
            .Where(t => t.Satisfies(figure.Where))
            .GroupBy(t => SeriesKey(figure, t))
            .ToList();

        var lines = new List<LineSeries>();
        foreach (var y in figure.Y)
        {
            foreach (var group in groups)
            {
                string label = Label(figure, y, group.Key);
                // Points: (x, values over the group's trials) in increasing x.
                var points = figure.XKind == FigureX.Path
                    ? group.Where(t => ClaimChecker.Numeric(t.Value(figure.X)) is not null)
                        .GroupBy(t => ClaimChecker.Numeric(t.Value(figure.X))!.Value)
                        .Select(g => (X: g.Key, Values: g.Select(t => ClaimChecker.FinalValue(byKey[t.Key], y)).ToList()))
                    : group.SelectMany(t => Along(byKey[t.Key], figure, y))
                        .GroupBy(p => p.Step)
                        .Select(g => (X: Median.Middle(g.Select(p => p.X)), Values: g.Select(p => p.Y).ToList()));
                var sorted = points.OrderBy(p => p.X).ToList();
                var band = figure.Style.Band;
                lines.Add(new LineSeries(label,
                    sorted.Select(p => p.X).ToList(),
                    sorted.Select(p => Median.Middle(p.Values)).ToList(),
                    sorted.Select(p => band == BandStyle.Iqr ? Quantile(p.Values, 0.25) : p.Values.Min()).ToList(),
                    sorted.Select(p => band == BandStyle.Iqr ? Quantile(p.Values, 0.75) : p.Values.Max()).ToList()));
            }
        }

        int seeds = plan.Spec.Seeds.Count;
        string what = figure.Y.Count == 1 ? figure.Y[0] : "value";
        string yLabel = seeds <= 1 ? what : figure.Style.Band switch
        {
            BandStyle.None => $"{what} (median over {seeds} seeds)",
            BandStyle.Iqr => $"{what} (median, band: interquartile range over {seeds} seeds)",
            _ => $"{what} (median, band: min–max over {seeds} seeds)",
        };
        string xLabel = figure.XKind == FigureX.Path ? $"{figure.X} (final values)" : figure.X;
        return new LinePlot(figure.Title, xLabel, yLabel, figure.XScale, figure.YScale, lines) { Bands = figure.Style.Band != BandStyle.None };
    }

    /// <summary>
    /// The q-quantile by linear interpolation between order statistics (numpy's default, R's type 7), in the median's
    /// order (a diverged trial's NaN first): a quantile that touches a NaN is NaN, and the band has a gap there.
    /// </summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToList();
        double h = (sorted.Count - 1) * q;
        int below = (int)Math.Floor(h);
        int above = Math.Min(below + 1, sorted.Count - 1);
        double a = sorted[below], b = sorted[above];
        return a + (h - below) * (b - a);
    }

    /// <summary>"init.kind = zeros": which series a trial belongs to (null without `series:`).</summary>
    internal static string? SeriesKey(FigureSpec figure, Trial trial) =>
        figure.Series is null ? null : $"{figure.Series} = {Canonical.Text(trial.Value(figure.Series))}";

    /// <summary>The legend text of one y metric and series: the parts that vary between entries.</summary>
    internal static string Label(FigureSpec figure, string y, string? seriesKey) => (figure.Y.Count > 1, seriesKey) switch
    {
        (true, null) => y,
        (true, { } key) => $"{y}, {key}",
        (false, null) => "all trials",
        (false, { } key) => key,
    };

    // One trial's recorded (x, y) pairs, keyed by step so that trials of a group line up.
    static IEnumerable<(long Step, double X, double Y)> Along(TrialResult result, FigureSpec figure, string y)
    {
        var xs = figure.XKind == FigureX.Metric ? result.Series(figure.X).ToDictionary(p => p.Step, p => p.Value) : null;
        foreach (var p in result.Series(y))
            yield return (p.Step, xs is null ? p.Step : xs.GetValueOrDefault(p.Step, double.NaN), p.Value);
    }
}
