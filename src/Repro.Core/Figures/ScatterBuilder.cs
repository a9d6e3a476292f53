using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>
/// Turns a scatter figure spec and the trial results into markers: one per trial and y metric, at the trial's final
/// x (a recorded metric, or the value of a swept path) and final y; nothing is aggregated over seeds.
/// </summary>
public static class ScatterBuilder
{
    public static ScatterPlot Build(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        var groups = plan.Trials.Where(t => t.Satisfies(figure.Where)).GroupBy(t => FigureBuilder.SeriesKey(figure, t)).ToList();

        var markers = new List<ScatterGroup>();
        foreach (var y in figure.Y)
        {
            foreach (var group in groups)
            {
                var points = group.Select(t => new ScatterPoint(
                    figure.XKind == FigureX.Metric
                        ? ClaimChecker.FinalValue(byKey[t.Key], figure.X)
                        : ClaimChecker.Numeric(t.Value(figure.X)) ?? double.NaN,
                    ClaimChecker.FinalValue(byKey[t.Key], y))).ToList();
                markers.Add(new ScatterGroup(FigureBuilder.Label(figure, y, group.Key), points));
            }
        }

        string what = figure.Y.Count == 1 ? figure.Y[0] : "value";
        string xLabel = figure.XKind == FigureX.Metric ? $"{figure.X} (final; one marker per trial)" : $"{figure.X} (one marker per trial)";
        return new ScatterPlot(figure.Title, xLabel, $"{what} (final)", figure.XScale, figure.YScale, markers);
    }
}
