using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Repro.Core.Plan;
using Repro.Core.Results;

namespace Repro.Core.Artifacts;

/// <summary>What reading a published folder back gave: the trial results, or why they cannot be used.</summary>
public sealed record Reuse(IReadOnlyList<TrialResult>? Results, string Reason)
{
    public bool Usable => Results is not null;
}

/// <summary>
/// Reads a published results folder back into trial results, so claims and figures can be checked without
/// training. Used only when the folder belongs to exactly this plan (same trial keys, which cover every
/// config value, seed and the engine version) and every table still matches its SHA-256 in the manifest.
/// </summary>
public static class PublishedResults
{
    public static Reuse TryLoad(TrialPlan plan, string folder)
    {
        string manifestPath = Path.Combine(folder, ArtifactSet.ManifestFile);
        if (!File.Exists(manifestPath)) return new Reuse(null, $"nothing published in {folder}");
        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return new Reuse(null, $"{manifestPath} is not valid JSON ({e.Message})");
        }

        var published = manifest["trials"]?.AsArray().Select(t => t?["key"]?.GetValue<string>()).ToList() ?? [];
        var planned = plan.Trials.Select(t => t.Key).ToList();
        if (!published.SequenceEqual(planned))
        {
            int missing = planned.Count(k => !published.Contains(k));
            return new Reuse(null, $"{folder} holds other trials ({missing} of {planned.Count} planned trials are not in it): the spec or the engine changed");
        }

        var tables = new Dictionary<string, Table>();
        foreach (var artifact in manifest["artifacts"]?.AsArray() ?? [])
        {
            string path = artifact!["path"]!.GetValue<string>();
            if (!path.EndsWith(".parquet", StringComparison.Ordinal)) continue;
            string file = Path.Combine(folder, path);
            if (!File.Exists(file)) return new Reuse(null, $"{file} is missing");
            byte[] bytes = File.ReadAllBytes(file);
            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != artifact["sha256"]?.GetValue<string>())
                return new Reuse(null, $"{file} does not match its SHA-256 in the manifest");
            tables[path] = ParquetTable.Read(bytes).Table;
        }
        if (!tables.TryGetValue("metrics.parquet", out var metrics) || !tables.TryGetValue("summary.parquet", out var summary))
            return new Reuse(null, $"{folder} lacks metrics.parquet or summary.parquet");
        return new Reuse(Results(plan, metrics, summary, tables.GetValueOrDefault("references.parquet")), $"reused {folder}");
    }

    static List<TrialResult> Results(TrialPlan plan, Table metrics, Table summary, Table? references)
    {
        // Rows are in trial order, and within a trial in recording order: grouping keeps both.
        var points = Rows(metrics, "trial").ToDictionary(g => g.Key, g => g.Select(i => ResultTables.PointAt(metrics, i)).ToList());
        var refs = references is null ? [] : Rows(references, "trial").ToDictionary(g => g.Key, g => g.Select(i => ResultTables.ReferenceAt(references, i)).ToList());
        var outcome = Enumerable.Range(0, summary.RowCount).ToDictionary(i => (string)summary["trial"].Values[i]!,
            i => (Steps: (long)summary["steps_completed"].Values[i]!, Diverged: (long?)summary["diverged_at_step"].Values[i]));

        return [.. plan.Trials.Select(t => new TrialResult(t.Key, points.GetValueOrDefault(t.Key) ?? [], outcome[t.Key].Steps, outcome[t.Key].Diverged,
            refs.TryGetValue(t.Key, out var r) ? r : null))];
    }

    static IEnumerable<IGrouping<string, int>> Rows(Table table, string keyColumn) =>
        Enumerable.Range(0, table.RowCount).GroupBy(i => (string)table[keyColumn].Values[i]!);
}
