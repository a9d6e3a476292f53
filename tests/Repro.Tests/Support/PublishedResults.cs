using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine.Registry;

namespace Repro.Tests.Support;

/// <summary>
/// A published spec's trial results read back from results/NAME/ (metrics.parquet and summary.parquet), so
/// figures can be rendered from real data in milliseconds instead of retraining.
/// </summary>
public static class PublishedResults
{
    public static (TrialPlan Plan, IReadOnlyList<TrialResult> Results) Load(string name, string? specYaml = null)
    {
        string dir = Repo.Path("results", name);
        var spec = specYaml is null
            ? SpecBinder.Load(Repo.Path("specs", name + ".yaml"), Registries.Catalog)
            : SpecBinder.Parse(specYaml, name + ".yaml", Registries.Catalog);
        // The published trial keys carry the engine version they were made with.
        int engineVersion = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, ArtifactSet.ManifestFile)))!["engine_version"]!.GetValue<int>();
        var plan = Planner.Plan(spec, engineVersion);

        var (metrics, _) = ParquetTable.Read(File.ReadAllBytes(Path.Combine(dir, "metrics.parquet")));
        var (summary, _) = ParquetTable.Read(File.ReadAllBytes(Path.Combine(dir, "summary.parquet")));
        var trial = Values(metrics, "trial");
        var step = Values(metrics, "step");
        var metric = Values(metrics, "metric");
        var value = Values(metrics, "value");
        var points = Enumerable.Range(0, metrics.RowCount)
            .GroupBy(i => (string)trial[i]!)
            .ToDictionary(g => g.Key, g => g.Select(i => new MetricPoint((long)step[i]!, (string)metric[i]!, (double)value[i]!)).ToList());

        var summaryTrial = Values(summary, "trial");
        var completed = Values(summary, "steps_completed");
        var divergedAt = Values(summary, "diverged_at_step");
        var outcome = Enumerable.Range(0, summary.RowCount).ToDictionary(i => (string)summaryTrial[i]!, i => ((long)completed[i]!, (long?)divergedAt[i]));

        var results = plan.Trials.Select(t => new TrialResult(t.Key, points[t.Key], outcome[t.Key].Item1, outcome[t.Key].Item2)).ToList();
        return (plan, results);
    }

    public static IEnumerable<string> Names() => Directory.GetDirectories(Repo.Path("results"))
        .Where(dir => File.Exists(Path.Combine(dir, ArtifactSet.ManifestFile)))
        .Select(dir => Path.GetFileName(dir))
        .Order(StringComparer.Ordinal);

    static IReadOnlyList<object?> Values(Table table, string column) => table.Columns.Single(c => c.Name == column).Values;
}
