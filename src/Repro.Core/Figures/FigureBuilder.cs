using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>Turns a figure spec and the trial results into the data of a plot: one line per series value.</summary>
public static class FigureBuilder
{
    public static LinePlot Build(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        var groups = plan.Trials
            .GroupBy(t => figure.Series is null ? "all trials" : $"{figure.Series} = {Canonical.Text(t.Value(figure.Series))}")
            .ToList();

        var series = groups.Select(group =>
        {
            var byStep = group
                .SelectMany(t => byKey[t.Key].Series(figure.Y))
                .GroupBy(p => p.Step)
                .OrderBy(g => g.Key)
                .ToList();
            return new LineSeries(group.Key,
                byStep.Select(g => (double)g.Key).ToList(),
                byStep.Select(g => ClaimChecker.Median(g.Select(p => p.Value))).ToList(),
                byStep.Select(g => g.Min(p => p.Value)).ToList(),
                byStep.Select(g => g.Max(p => p.Value)).ToList());
        }).ToList();

        int seeds = plan.Spec.Seeds.Count;
        string yLabel = seeds > 1 ? $"{figure.Y} (median, band: min–max over {seeds} seeds)" : figure.Y;
        return new LinePlot(figure.Title, figure.X, yLabel, figure.XScale, figure.YScale, series);
    }
}
