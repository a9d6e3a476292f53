using System.Globalization;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Claims;

/// <summary>Evaluates a spec's claims against trial results: filter, take a value per trial, reduce, compare.</summary>
public static class ClaimChecker
{
    public static IReadOnlyList<ClaimOutcome> Check(TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        return plan.Spec.Claims.Select(claim => Check(claim, plan.Trials, byKey)).ToList();
    }

    static ClaimOutcome Check(ClaimSpec claim, IReadOnlyList<Trial> trials, IReadOnlyDictionary<string, TrialResult> results)
    {
        var selected = trials.Where(t => t.Satisfies(claim.Where)).ToList();
        int diverged = selected.Count(t => results[t.Key].Diverged);

        if (claim.Monotone is { } trend)
        {
            // One reduced value per value of the swept path, in numeric order; every step must go the claimed way
            // (a step the wrong way by no more than the tolerance still counts as going the claimed way).
            var points = selected
                .Where(t => Numeric(t.Value(trend.Path)) is not null)
                .GroupBy(t => Numeric(t.Value(trend.Path))!.Value)
                .OrderBy(g => g.Key)
                .Select(g => (At: g.Key, Value: Reduce(g.Select(t => ValueAt(results[t.Key], claim.Metric, claim.At)).ToList(), claim.Reduce)))
                .ToList();
            int against = points.Zip(points.Skip(1)).Count(p =>
            {
                double slack = claim.Tolerance?.Slack(p.First.Value) ?? 0;
                return !(trend.Increasing ? p.Second.Value > p.First.Value - slack : p.Second.Value < p.First.Value + slack);
            });
            return new ClaimOutcome(claim, against, points.Count >= 2 && against == 0, selected.Count, diverged, points);
        }

        var expect = claim.Expect!;
        var values = selected.Select(t =>
        {
            var result = results[t.Key];
            double value = ValueAt(result, claim.Metric, claim.At);
            return expect.Metric is null ? value : value / ValueAt(result, expect.Metric, expect.OtherAt ?? claim.At);
        }).ToList();

        if (claim.Reduce.IsVote)
        {
            // Each trial is compared on its own; the value shown is the trial furthest from (all) or deepest
            // inside (any) the bound. A trial without a value (diverged, never reached) does not hold.
            int holding = values.Count(v => expect.Holds(v, claim.Tolerance));
            bool all = claim.Reduce.Kind == "all";
            var finite = values.Where(double.IsFinite).ToList();
            double shown = finite.Count == 0 ? double.NaN
                : all ? finite.MinBy(v => expect.Margin(v, claim.Tolerance)) : finite.MaxBy(v => expect.Margin(v, claim.Tolerance));
            if (all && finite.Count < values.Count) shown = double.NaN;
            bool passed = values.Count > 0 && (all ? holding == values.Count : holding > 0);
            return new ClaimOutcome(claim, shown, passed, selected.Count, diverged, Holding: holding);
        }

        double measured = Reduce(values, claim.Reduce);
        return new ClaimOutcome(claim, measured, double.IsFinite(measured) && expect.Holds(measured, claim.Tolerance), selected.Count, diverged);
    }

    /// <summary>A swept value as a number, or null where the trial has none (or it is not numeric).</summary>
    public static double? Numeric(System.Text.Json.Nodes.JsonNode? value) =>
        double.TryParse(Canonical.Text(value), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : null;

    /// <summary>
    /// The value a claim looks at along one trial; NaN for a diverged trial (it cannot support a claim) and
    /// for `at: first ...` when the condition never held. Metric `step` is the step itself.
    /// </summary>
    public static double ValueAt(TrialResult result, string metric, ClaimAt at)
    {
        if (result.Diverged) return double.NaN;
        if (at.Kind == AtKind.First)
        {
            var when = at.When!;
            long? step = result.Series(when.Metric).Where(p => when.Holds(p.Value)).Select(p => (long?)p.Step).FirstOrDefault();
            if (step is null) return double.NaN;
            return metric == ClaimSpec.StepMetric ? step.Value : ValueAt(result, metric, new ClaimAt(AtKind.Step, step.Value));
        }
        var series = result.Series(metric).Select(p => (p.Step, p.Value)).ToList();
        if (series.Count == 0) return double.NaN;
        return at.Kind switch
        {
            AtKind.Final => series[^1].Value,
            // Along the path, NaN means "not defined here" (a slope at its first record), not a value.
            AtKind.Min => series.Where(p => !double.IsNaN(p.Value)).Select(p => p.Value).DefaultIfEmpty(double.NaN).Min(),
            AtKind.Max => series.Where(p => !double.IsNaN(p.Value)).Select(p => p.Value).DefaultIfEmpty(double.NaN).Max(),
            AtKind.Step => series.Where(p => p.Step == at.Step).Select(p => p.Value).DefaultIfEmpty(double.NaN).First(),
            _ => throw new ArgumentOutOfRangeException(nameof(at)),
        };
    }

    /// <summary>A statistic over the selected trials; NaN when any has no value (a claim over it must fail).</summary>
    public static double Reduce(IReadOnlyList<double> values, Reducer reduce)
    {
        if (values.Count == 0 || values.Any(v => !double.IsFinite(v))) return double.NaN;
        return reduce.Kind switch
        {
            "max" => values.Max(),
            "min" => values.Min(),
            "mean" => values.Average(),
            "median" => Median(values),
            "quantile" => Quantile(values, reduce.Quantile),
            _ => throw new ArgumentOutOfRangeException(nameof(reduce), reduce.Kind, "not a statistic"),
        };
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Linear interpolation between order statistics (NumPy's default, "type 7").</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToList();
        double h = (sorted.Count - 1) * q;
        int lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Count ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
}
