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
        var order = EvaluationOrder(derived);

        var completed = new List<MetricPoint>(points.Count + points.Count / Math.Max(1, recorded.Count) * derived.Count);
        // Training records every metric of a step together, steps in order: grouping keeps the rows as they were.
        foreach (var step in points.GroupBy(p => p.Step))
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in step) values[p.Metric] = p.Value;
            completed.AddRange(step);
            foreach (var d in order)
                values[d.Name] = d.Expression.Evaluate(name => d.Reads[name] switch
                {
                    Source.Step => step.Key,
                    Source.Seed => trial.Seed,
                    Source.Metric => values.GetValueOrDefault(name, double.NaN),
                    Source.Config => ClaimChecker.Numeric(trial.Value(name)) ?? double.NaN,
                    Source.Reference => references.GetValueOrDefault(name, double.NaN),
                    _ => throw new InvalidOperationException($"no source {d.Reads[name]}"),
                });
            foreach (var d in derived) completed.Add(new MetricPoint(step.Key, d.Name, values[d.Name]));
        }
        return result with { Points = completed };
    }

    /// <summary>
    /// Each derived metric after those it uses (the binder refused cycles), found without recursion: a chain of metrics
    /// that use each other must not deepen the stack beyond one expression's own depth.
    /// </summary>
    static List<DerivedMetric> EvaluationOrder(IReadOnlyList<DerivedMetric> derived)
    {
        var names = derived.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var waiting = derived.ToDictionary(d => d.Name, d => d.Reads.Keys.Where(names.Contains).ToHashSet(StringComparer.Ordinal));
        var order = new List<DerivedMetric>(derived.Count);
        while (order.Count < derived.Count)
        {
            var ready = derived.Where(d => waiting.TryGetValue(d.Name, out var uses) && uses.Count == 0).ToList();
            if (ready.Count == 0) throw new InvalidOperationException("derived metrics use each other in a cycle, which the binder refuses");
            foreach (var d in ready)
            {
                waiting.Remove(d.Name);
                foreach (var uses in waiting.Values) uses.Remove(d.Name);
                order.Add(d);
            }
        }
        return order;
    }
}
