using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Repro.Core.Artifacts;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;
using Repro.Tests.Support;

namespace Repro.Tests.Artifacts;

/// <summary>
/// An archived folder explains itself: trials.parquet holds every leaf of every trial's resolved config, and every
/// Parquet file carries the canonical spec. Held against the plan the spec itself gives, not against the writer.
/// </summary>
public class TrialsTableTests
{
    public static TheoryData<string> Specs() => new(Repo.SpecNames());

    static TrialPlan PlanOf(string name) => Planner.Plan(SpecBinder.Load(Repo.Spec(name), Registries.Catalog), EngineInfo.Version);

    [Theory]
    [MemberData(nameof(Specs))]
    public void Trials_parquet_holds_every_config_leaf_of_every_trial_typed_as_declared(string name)
    {
        var plan = PlanOf(name);
        var (table, _) = ParquetTable.Read(File.ReadAllBytes(Repo.Path("results", name, "trials.parquet")));

        Assert.Equal(plan.Trials.Select(t => t.Key), table["trial"].Values.Cast<string>());
        Assert.Equal(plan.Trials.Select(t => t.Seed), table["seed"].Values.Cast<long>());
        var leaves = plan.Trials.SelectMany(t => Canonical.Leaves(t.Canonical)).Select(l => l.Path).Where(p => p != "seed").Distinct().ToList();
        Assert.Equal(["trial", "seed", .. leaves.Select(p => p.Replace('.', '_'))], table.Columns.Select(c => c.Name));
        foreach (var path in leaves)
        {
            var column = table[path.Replace('.', '_')];
            for (int row = 0; row < plan.Trials.Count; row++)
            {
                var expected = plan.Trials[row].Value(path);
                Assert.True(Same(expected, column.Values[row]), $"{name}: trial {row}, {path}: config {expected?.ToJsonString() ?? "none"}, trials.parquet {column.Values[row] ?? "null"}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Every_parquet_file_carries_the_canonical_spec_whose_hash_is_the_spec_hash(string name)
    {
        var plan = PlanOf(name);
        foreach (var file in Directory.GetFiles(Repo.Path("results", name), "*.parquet").Where(f => !f.Contains(".received.", StringComparison.Ordinal)))
        {
            var (_, metadata) = ParquetTable.Read(File.ReadAllBytes(file));
            string canonical = metadata["repro.spec_canonical"];
            Assert.Equal(plan.Spec.Hash, metadata["repro.spec_hash"]);
            Assert.Equal(metadata["repro.spec_hash"], Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
            // What a reader recovers from the file alone: each trial's config is one of the spec's sweep points.
            var points = JsonNode.Parse(canonical)!["points"]!.AsArray().Select(p => p!.ToJsonString()).ToHashSet(StringComparer.Ordinal);
            Assert.All(plan.Trials, t => Assert.Contains(t.Config.ToCanonical().ToJsonString(), points));
        }
    }

    // The issue's "done when": from a results folder alone (no spec, no git), DuckDB recovers every hyperparameter,
    // swept or not, of every trial, by joining summary with trials.
    [Fact]
    public void DuckDb_recovers_an_unswept_hyperparameter_from_a_copied_folder_alone()
    {
        using var temp = new TempDir();
        const string name = "min-norm-regression";
        foreach (var file in Directory.GetFiles(Repo.Path("results", name), "*.parquet"))
            File.Copy(file, Path.Combine(temp.Path, Path.GetFileName(file)));
        var plan = PlanOf(name);
        Assert.DoesNotContain(plan.SweepColumns, c => c.Path == "optimizer.lr"); // not swept: nowhere but in trials.parquet

        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT s.trial, t.optimizer_lr, t.optimizer_kind FROM '{Path.Combine(temp.Path, "summary.parquet")}' s "
            + $"JOIN '{Path.Combine(temp.Path, "trials.parquet")}' t USING (trial) ORDER BY s.trial";
        using var reader = command.ExecuteReader();
        var found = new Dictionary<string, (double Lr, string Kind)>();
        while (reader.Read()) found[reader.GetString(0)] = (reader.GetDouble(1), reader.GetString(2));

        Assert.Equal(plan.Trials.Count, found.Count);
        foreach (var trial in plan.Trials)
        {
            Assert.Equal(trial.Value("optimizer.lr")!.GetValue<double>(), found[trial.Key].Lr);
            Assert.Equal(trial.Config.Optimizer.Kind, found[trial.Key].Kind);
        }
    }

    static bool Same(JsonNode? config, object? cell) => (config, cell) switch
    {
        (null, null) => true,
        (JsonValue v, string s) when v.TryGetValue<string>(out var text) => text == s,
        (JsonValue v, bool b) when v.TryGetValue<bool>(out var flag) => flag == b,
        (JsonValue v, long l) when v.TryGetValue<long>(out var n) => n == l,
        (JsonValue v, double d) => v.TryGetValue<double>(out var x) ? x.Equals(d) : v.TryGetValue<long>(out var n) && n == d,
        (JsonArray a, string s) => a.ToJsonString() == s,
        _ => false,
    };
}
