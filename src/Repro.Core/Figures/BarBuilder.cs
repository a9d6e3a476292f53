using System.Globalization;
using Repro.Core.Claims;
using Repro.Core.Claims.Reducers;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>
/// Turns a bar figure spec and the trial results into grouped bars: the categories are the values of the swept path
/// x (numeric ones in numeric order, others in sweep order), the groups the y metrics × series values; each bar is the
/// median of its trials' final values, with their minimum and maximum.
/// </summary>
public static class BarBuilder
{
    public static BarPlot Build(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        // Trials without a value at x (a path only some sweep points have) belong to no category, as on lines.
        var trials = plan.Trials.Where(t => t.Satisfies(figure.Where) && t.Value(figure.X) is not null).ToList();

        var categories = trials.Select(t => Canonical.Text(t.Value(figure.X))).Distinct().ToList();
        var numbers = categories.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : (double?)null).ToList();
        if (numbers.All(n => n is not null))
            categories = [.. categories.Zip(numbers).OrderBy(p => p.Second!.Value).Select(p => p.First)];

        var seriesKeys = trials.Select(t => FigureBuilder.SeriesKey(figure, t)).Distinct().ToList();
        var groups = new List<string>();
        var bars = new List<Bar>();
        foreach (var y in figure.Y)
        {
            foreach (var key in seriesKeys)
            {
                int group = groups.Count;
                groups.Add(FigureBuilder.Label(figure, y, key));
                for (int category = 0; category < categories.Count; category++)
                {
                    var values = trials
                        .Where(t => FigureBuilder.SeriesKey(figure, t) == key && Canonical.Text(t.Value(figure.X)) == categories[category])
                        .Select(t => ClaimChecker.FinalValue(byKey[t.Key], y))
                        .ToList();
                    if (values.Count == 0) continue;
                    // A trial without a final value (diverged) leaves the whole cell without a value: a median of
                    // the rest would hide it.
                    bars.Add(values.All(double.IsFinite)
                        ? new Bar(category, group, Median.Middle(values), values.Min(), values.Max(), values.Count)
                        : new Bar(category, group, double.NaN, double.NaN, double.NaN, values.Count));
                }
            }
        }

        // What the bars and whiskers mean goes under the x axis, where there is room; the y label stays short.
        // A cell usually holds one trial per seed; a `where:` on the seed, or a second swept path that is neither x
        // nor series, changes that, and the label says so.
        int perCell = bars.Select(b => b.Trials).DefaultIfEmpty(0).Max();
        string over = perCell == plan.Spec.Seeds.Count && bars.All(b => b.Trials == perCell) ? $"{perCell} seeds" : $"up to {perCell} trials";
        string what = figure.Y.Count == 1 ? figure.Y[0] : "value";
        string xLabel = perCell > 1 ? $"{figure.X} (bars: median over {over}; whiskers: min–max)" : figure.X;
        return new BarPlot(figure.Title, xLabel, $"{what} (final)", figure.YScale, categories, groups, bars);
    }
}
