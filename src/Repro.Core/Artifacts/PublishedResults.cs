using Repro.Core.Plan;
using Repro.Core.Results;

namespace Repro.Core.Artifacts;

/// <summary>What reading a published folder back gave: the trial results, or why they cannot be used.</summary>
public sealed record Reuse(IReadOnlyList<TrialResult>? Results, string Reason)
{
    public bool Usable => Results is not null;

    /// <summary>A folder is there but fails its checks (not merely absent, or of other trials): worth a warning.</summary>
    public bool Damaged { get; init; }
}

/// <summary>
/// Reads a published results folder back into trial results, so claims and figures can be checked without
/// training. Used only when the folder passes <see cref="PublishedFolder.Check"/> (manifest in shape, every listed
/// file, claims and figures included, matching its SHA-256) and belongs to exactly this plan (same trial keys,
/// which cover every config value, seed and the engine version).
/// </summary>
public static class PublishedResults
{
    public static Reuse TryLoad(TrialPlan plan, string folder)
    {
        var check = PublishedFolder.Check(folder);
        if (check.Folder is not { } published) return new Reuse(null, check.ToString()) { Damaged = check.Published };
        var planned = plan.Trials.Select(t => t.Key).ToList();
        if (!published.TrialKeys.SequenceEqual(planned))
        {
            int missing = planned.Count(k => !published.TrialKeys.Contains(k));
            return new Reuse(null, $"{folder} holds other trials ({missing} of {planned.Count} planned trials are not in it): the spec or the engine changed");
        }
        try
        {
            var tables = published.Bytes.Where(f => f.Key.EndsWith(".parquet", StringComparison.Ordinal))
                .ToDictionary(f => f.Key, f => ParquetTable.Read(f.Value).Table);
            if (plan.Spec.KeepsWeights && !tables.ContainsKey(ArtifactSet.WeightsFile))
                return new Reuse(null, $"{folder} has no {ArtifactSet.WeightsFile}, which the spec's artifacts ask for");
            return new Reuse(Results(plan, tables["metrics.parquet"], tables["summary.parquet"], tables.GetValueOrDefault("references.parquet"),
                plan.Spec.KeepsWeights ? tables[ArtifactSet.WeightsFile] : null), $"reused {folder}");
        }
        // Tables that match their SHA-256 are what repro wrote, unless someone forged manifest and all: still no crash.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return new Reuse(null, $"{folder} cannot be used: its tables do not hold this plan's results ({e.Message})") { Damaged = true };
        }
    }

    static List<TrialResult> Results(TrialPlan plan, Table metrics, Table summary, Table? references, Table? weights)
    {
        var tensors = weights is null ? [] : Rows(weights, "trial").ToDictionary(g => g.Key, g => ResultTables.WeightsAt(weights, g));
        // Rows are in trial order, and within a trial in recording order: grouping keeps both.
        var points = Rows(metrics, "trial").ToDictionary(g => g.Key, g => g.Select(i => ResultTables.PointAt(metrics, i)).ToList());
        var refs = references is null ? [] : Rows(references, "trial").ToDictionary(g => g.Key, g => g.Select(i => ResultTables.ReferenceAt(references, i)).ToList());
        var outcome = Enumerable.Range(0, summary.RowCount).ToDictionary(i => (string)summary["trial"].Values[i]!,
            i => (Steps: (long)summary["steps_completed"].Values[i]!, Diverged: (long?)summary["diverged_at_step"].Values[i]));

        return [.. plan.Trials.Select(t => new TrialResult(t.Key, points.GetValueOrDefault(t.Key) ?? [], outcome[t.Key].Steps, outcome[t.Key].Diverged,
            refs.TryGetValue(t.Key, out var r) ? r : null) { Weights = tensors.GetValueOrDefault(t.Key) })];
    }

    static IEnumerable<IGrouping<string, int>> Rows(Table table, string keyColumn) =>
        Enumerable.Range(0, table.RowCount).GroupBy(i => (string)table[keyColumn].Values[i]!);
}
