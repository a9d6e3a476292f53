using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Results;

namespace Repro.Core.Derived;

/// <summary>
/// Computes a spec's derived metrics from each trial's recorded values, after training: at every recorded step, each
/// derived metric's expression over that step's values, the trial's config and its reference scalars. Pure, and the
/// same for trained, cached and published results, since it reads only what training recorded; undefined arithmetic
/// (log of a negative number, 0/0, a metric a diverged trial left NaN) gives NaN, recorded like any value.
/// </summary>
public static class DerivedValues
{
    /// <summary>
    /// Each result with its recorded points, each step followed by the derived values at that step in `derived:`
    /// order. Points of metrics the trial does not record (derived rows of a published folder read back) are dropped
    /// and computed anew, so a result passes through here any number of times to the same points.
    /// </summary>
    public static IReadOnlyList<TrialResult> Complete(TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var trials = plan.Trials.ToDictionary(t => t.Key);
        var recorded = plan.Spec.Metrics.ToHashSet(StringComparer.Ordinal);
        return [.. results.Select(r => trials.TryGetValue(r.Key, out var trial) ? Complete(trial, r, recorded, plan.Spec.Derived) : r)];
    }

    static TrialResult Complete(Trial trial, TrialResult result, HashSet<string> recorded, IReadOnlyList<DerivedMetric> derived)
    {
        var points = result.Points.Where(p => recorded.Contains(p.Metric)).ToList();
        if (derived.Count == 0) return points.Count == result.Points.Count ? result : result with { Points = points };

        var references = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in result.References ?? [])
            if (r.Coordinate is null) references[$"{DerivedMetric.ReferencePrefix}{r.Reference}.{r.Quantity}"] = r.Value;
        var byName = derived.ToDictionary(d => d.Name, StringComparer.Ordinal);

        var completed = new List<MetricPoint>(points.Count + points.Count / Math.Max(1, recorded.Count) * derived.Count);
        // Training records every metric of a step together, steps in order: grouping keeps the rows as they were.
        foreach (var step in points.GroupBy(p => p.Step))
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in step) values[p.Metric] = p.Value;
            completed.AddRange(step);

            // A derived metric that another uses is computed once, when first needed: the binder refused cycles.
            var computed = new Dictionary<string, double>(StringComparer.Ordinal);
            double Value(DerivedMetric d)
            {
                if (computed.TryGetValue(d.Name, out double known)) return known;
                double value = d.Expression.Evaluate(name => d.Reads[name] switch
                {
                    Source.Step => step.Key,
                    Source.Seed => trial.Seed,
                    Source.Metric => values.TryGetValue(name, out double v) ? v : byName.TryGetValue(name, out var other) ? Value(other) : double.NaN,
                    Source.Config => ClaimChecker.Numeric(trial.Value(name)) ?? double.NaN,
                    Source.Reference => references.GetValueOrDefault(name, double.NaN),
                    _ => throw new InvalidOperationException($"no source {d.Reads[name]}"),
                });
                computed[d.Name] = value;
                return value;
            }
            foreach (var d in derived) completed.Add(new MetricPoint(step.Key, d.Name, Value(d)));
        }
        return result with { Points = completed };
    }
}
