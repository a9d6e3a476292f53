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
        var selected = trials
            .Where(t => claim.Where.All(w => SpecBinder.Matches(t.Value(w.Key), w.Value)))
            .Select(t => results[t.Key])
            .ToList();
        var values = selected.Select(r => ValueAt(r, claim.Metric, claim.At)).ToList();
        double measured = Reduce(values, claim.Reduce);
        bool passed = double.IsFinite(measured) && claim.Expect.Holds(measured);
        return new ClaimOutcome(claim, measured, passed, selected.Count, selected.Count(r => r.Diverged));
    }

    /// <summary>The value a claim looks at along one trial; NaN for a diverged trial (it cannot support a claim).</summary>
    public static double ValueAt(TrialResult result, string metric, ClaimAt at)
    {
        if (result.Diverged) return double.NaN;
        var series = result.Series(metric).Select(p => (p.Step, p.Value)).ToList();
        if (series.Count == 0) return double.NaN;
        return at.Kind switch
        {
            AtKind.Final => series[^1].Value,
            AtKind.Min => series.Min(p => p.Value),
            AtKind.Max => series.Max(p => p.Value),
            AtKind.Step => series.Where(p => p.Step == at.Step).Select(p => p.Value).DefaultIfEmpty(double.NaN).First(),
            _ => throw new ArgumentOutOfRangeException(nameof(at)),
        };
    }

    public static double Reduce(IReadOnlyList<double> values, string reduce)
    {
        if (values.Count == 0 || values.Any(v => !double.IsFinite(v))) return double.NaN;
        return reduce switch
        {
            "max" => values.Max(),
            "min" => values.Min(),
            "mean" => values.Average(),
            "median" => Median(values),
            _ => throw new ArgumentOutOfRangeException(nameof(reduce), reduce, "unknown reducer"),
        };
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
