using System.Globalization;
using Repro.Core.Claims.Measures;
using Repro.Core.Claims.Positions;
using Repro.Core.Claims.Reducers;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Claims;

/// <summary>
/// Evaluates a spec's claims against trial results: filter, take a value per trial (the claim's `at:` form) or per
/// unit of its measure (`compare:`, `scaling:`), reduce (a statistic, or a vote), compare (its `expect:` operator) or
/// check a trend (its `monotone:` direction).
/// </summary>
public static class ClaimChecker
{
    public static IReadOnlyList<ClaimOutcome> Check(TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        var swept = plan.SweepColumns.Select(c => c.Path).ToList();
        return plan.Spec.Claims.Select(claim => Check(claim, plan.Trials, byKey, swept)).ToList();
    }

    static ClaimOutcome Check(ClaimSpec claim, IReadOnlyList<Trial> trials, IReadOnlyDictionary<string, TrialResult> results, IReadOnlyList<string> swept)
    {
        var selected = trials.Where(t => t.Satisfies(claim.Where)).ToList();
        int diverged = selected.Count(t => results[t.Key].Diverged);

        if (claim.Monotone is { } trend)
        {
            // One reduced value per value of the swept path, in numeric order; every step must go the claimed way
            // (a step the wrong way by no more than the tolerance still counts as going the claimed way). The binder
            // allows only statistics here.
            var statistic = (Statistic)claim.Reduce;
            var points = selected
                .Where(t => Numeric(t.Value(trend.Path)) is not null)
                .GroupBy(t => Numeric(t.Value(trend.Path))!.Value)
                .OrderBy(g => g.Key)
                .Select(g => (At: g.Key, Value: statistic.Reduce(g.Select(t => claim.At.ValueOf(results[t.Key], claim.Metric)).ToList())))
                .ToList();
            int against = points.Zip(points.Skip(1))
                .Count(p => !trend.Direction.Continues(p.First.Value, p.Second.Value, claim.Tolerance?.Slack(p.First.Value) ?? 0));
            return new ClaimOutcome(claim, against, points.Count >= 2 && against == 0, selected.Count, diverged, points);
        }

        var expect = claim.Expect!;
        // A measure's units (pairs, series) take the trials' place from here on; the binder allows no ratio with it.
        var units = claim.Measure?.Take(claim, selected, results, swept);
        // A ratio to another metric keeps both sides of every trial, so that the report can show what was divided.
        var sides = units is null && expect.Metric is { } other ? selected.Select(t => Sides(claim, other, t, results[t.Key], swept)).ToList() : null;
        var values = units?.Select(u => u.Value).ToList() ?? sides?.Select(s => s.Value).ToList()
            ?? selected.Select(t => claim.At.ValueOf(results[t.Key], claim.Metric)).ToList();

        switch (claim.Reduce)
        {
            case Vote vote:
            {
                // Each trial (or unit) is compared on its own; one without a value (diverged, never reached) does not hold.
                int holding = values.Count(v => expect.Holds(v, claim.Tolerance));
                double shown = vote.Pick(values, v => expect.Margin(v, claim.Tolerance));
                bool passed = values.Count > 0 && vote.Passed(holding, values.Count);
                return new ClaimOutcome(claim, shown, passed, selected.Count, diverged, Holding: holding, Units: units, Sides: sides);
            }
            case Statistic statistic:
            {
                double measured = statistic.Reduce(values);
                return new ClaimOutcome(claim, measured, double.IsFinite(measured) && expect.Holds(measured, claim.Tolerance), selected.Count, diverged, Units: units, Sides: sides);
            }
            default:
                throw new InvalidOperationException($"reduce {claim.Reduce} is neither a statistic nor a vote");
        }
    }

    /// <summary>One trial of a ratio to another metric: the claim's metric, the other one, and their quotient.</summary>
    static MeasuredUnit Sides(ClaimSpec claim, string other, Trial trial, TrialResult result, IReadOnlyList<string> swept)
    {
        var expect = claim.Expect!;
        var otherAt = expect.OtherAt ?? claim.At;
        double value = claim.At.ValueOf(result, claim.Metric), reference = otherAt.ValueOf(result, other);
        string referenceName = expect.OtherAt is null ? other : $"{other} at {otherAt}";
        return new MeasuredUnit(trial.Seed, SweepGroups.Shared(trial, swept),
            [(System.Text.Json.Nodes.JsonValue.Create(claim.Metric), value), (System.Text.Json.Nodes.JsonValue.Create(referenceName), reference)], value / reference);
    }

    /// <summary>A swept value as a number, or null where the trial has none (or it is not numeric).</summary>
    public static double? Numeric(System.Text.Json.Nodes.JsonNode? value) =>
        double.TryParse(Canonical.Text(value), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : null;

    /// <summary>A trial's final value of a metric (NaN if it diverged or never recorded it): what most figures show.</summary>
    public static double FinalValue(TrialResult result, string metric) => new Final().ValueOf(result, metric);
}
