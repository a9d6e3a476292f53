using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Artifacts;

/// <summary>`artifacts: [weights]`: every trial's final parameters published as weights.parquet and kept in the cache.</summary>
public class WeightsArtifactTests
{
    const string Linear = """
        name: weights-linear
        data: { kind: gaussian-regression, n_train: 8, n_test: 16, features: 20, target: { kind: sparse-linear, nonzeros: 3, noise: 0.0 } }
        model: linear
        init: { kind: normal, scale: 0.5 }
        optimizer: { kind: gd, lr: 0.05 }
        train: { steps: 40, log_every: 20 }
        seeds: [0, 1]
        metrics: [train_loss, dist_to_min_norm]
        artifacts: [weights]
        """;

    static Table Read(string dir, string file) => ParquetTable.Read(File.ReadAllBytes(Path.Combine(dir, file))).Table;

    [Fact]
    public async Task The_published_weights_are_the_final_parameters_the_metrics_saw()
    {
        using var temp = new TempDir();
        string spec = temp.File("spec.yaml", Linear);
        var outcome = await ReproCli.Run("run", spec, "--results", temp.Path, "--cache", Path.Combine(temp.Path, "cache"), "--jobs", "1");
        Assert.Equal(0, outcome.ExitCode);

        string dir = Path.Combine(temp.Path, "weights-linear");
        var weights = Read(dir, "weights.parquet");
        var summary = Read(dir, "summary.parquet");
        var references = Read(dir, "references.parquet");
        Assert.Equal(["trial", "seed", "tensor", "shape", "index", "value"], weights.Columns.Select(c => c.Name));
        Assert.Equal(2 * 20, weights.RowCount);
        Assert.All(weights["shape"].Values, s => Assert.Equal("20", s));

        // ‖w − ŵ‖/‖ŵ‖ from the published weights and the published min-norm solution is the distance the engine recorded
        // at the last step: the weights are the parameters as they ended, not the init.
        for (int row = 0; row < summary.RowCount; row++)
        {
            string trial = (string)summary["trial"].Values[row]!;
            var w = Values(weights, trial);
            var reference = Values(references, trial, "quantity", "coefficient");
            Assert.Equal(20, reference.Count);
            double distance = Math.Sqrt(w.Zip(reference, (a, b) => (a - b) * (a - b)).Sum()) / Math.Sqrt(reference.Sum(b => b * b));
            double recorded = (double)summary["dist_to_min_norm"].Values[row]!;
            Assert.True(Math.Abs(distance - recorded) <= 1e-12 * Math.Max(1, recorded), $"trial {row}: from the weights {distance}, recorded {recorded}");
        }
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        Assert.Contains(manifest["artifacts"]!.AsArray(), a => (string)a!["path"]! == "weights.parquet" && (long)a["rows"]! == 40);
    }

    [Fact]
    public async Task The_cache_keeps_weights_and_an_entry_without_them_is_retrained_only_when_they_are_asked_for()
    {
        using var temp = new TempDir();
        string cache = Path.Combine(temp.Path, "cache");
        string without = temp.File("without.yaml", Linear.Replace("artifacts: [weights]", ""));
        string with = temp.File("with.yaml", Linear);

        var first = await ReproCli.Run("run", with, "--results", Path.Combine(temp.Path, "a"), "--cache", cache, "--jobs", "1");
        var again = await ReproCli.Run("run", with, "--results", Path.Combine(temp.Path, "b"), "--cache", cache, "--jobs", "1");
        Assert.Contains("trained 2 of 2", first.Stdout);
        Assert.Contains("nothing to train", again.Stdout);
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "a", "weights-linear", "weights.parquet")),
            File.ReadAllBytes(Path.Combine(temp.Path, "b", "weights-linear", "weights.parquet")));

        // Same trials without `artifacts:`: same keys, so the entries are used; no weights.parquet is published.
        var plain = await ReproCli.Run("run", without, "--results", Path.Combine(temp.Path, "c"), "--cache", cache, "--jobs", "1");
        Assert.Contains("nothing to train", plain.Stdout);
        Assert.False(File.Exists(Path.Combine(temp.Path, "c", "weights-linear", "weights.parquet")));

        // An entry from before weights were kept (its weights.parquet removed and unlisted) is retrained, once.
        foreach (var entry in CacheFolder.Entries(cache)) StripWeights(entry);
        var plan = await ReproCli.Run("plan", with, "--cache", cache);
        Assert.Equal(2, plan.Stdout.Split('\n').Count(l => l.Contains("to train: " + Repro.Core.Cache.TrialCache.NoWeights)));
        var retrained = await ReproCli.Run("run", with, "--results", Path.Combine(temp.Path, "d"), "--cache", cache, "--jobs", "1");
        var settled = await ReproCli.Run("run", with, "--results", Path.Combine(temp.Path, "e"), "--cache", cache, "--jobs", "1");
        Assert.Contains("trained 2 of 2", retrained.Stdout);
        Assert.Contains("nothing to train", settled.Stdout);
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "a", "weights-linear", "weights.parquet")),
            File.ReadAllBytes(Path.Combine(temp.Path, "e", "weights-linear", "weights.parquet")));
    }

    [Fact]
    public void An_unknown_artifact_is_an_error_at_its_position_with_the_known_ones()
    {
        Assert.True(Specs.Parse(Linear).KeepsWeights);
        Assert.False(Specs.Parse(Linear.Replace("artifacts: [weights]", "")).KeepsWeights);
        var error = Specs.SingleError(Linear.Replace("artifacts: [weights]", "artifacts: [wieghts]"));
        Assert.Contains("unknown artifact 'wieghts'", error.Problem);
        Assert.Contains("weights", error.Fix);
        Assert.Equal(9, error.Where.Line);
        Assert.Equal(13, error.Where.Column);
    }

    [Fact]
    public async Task Mlp_weights_name_each_layer_with_its_shape()
    {
        using var temp = new TempDir();
        string spec = temp.File("mlp.yaml", Linear.Replace("model: linear", "model: { kind: mlp, hidden: 5, depth: 2 }")
            .Replace("metrics: [train_loss, dist_to_min_norm]", "metrics: [train_loss]"));
        var outcome = await ReproCli.Run("run", spec, "--results", temp.Path, "--cache", Path.Combine(temp.Path, "cache"), "--jobs", "1");
        Assert.Equal(0, outcome.ExitCode);

        var weights = Read(Path.Combine(temp.Path, "weights-linear"), "weights.parquet");
        var tensors = Enumerable.Range(0, weights.RowCount).Where(r => (long)weights["seed"].Values[r]! == 0)
            .Select(r => $"{weights["tensor"].Values[r]} {weights["shape"].Values[r]}").Distinct().ToList();
        Assert.Equal(["layer0.weight 20x5", "layer0.bias 5", "layer1.weight 5x5", "layer1.bias 5", "layer2.weight 5x1", "layer2.bias 1"], tensors);
        Assert.Equal(2 * (100 + 5 + 25 + 5 + 5 + 1), weights.RowCount);
    }

    static List<double> Values(Table table, string trial, string? column = null, string? equals = null) =>
        [.. Enumerable.Range(0, table.RowCount)
            .Where(r => (string)table["trial"].Values[r]! == trial && (column is null || (string?)table[column].Values[r] == equals))
            .Select(r => (double)table["value"].Values[r]!)];

    // Rewrites an entry as a repro that kept no weights wrote it: no weights.parquet, not listed, digest renewed.
    static void StripWeights(string entry)
    {
        File.Delete(Path.Combine(entry, "weights.parquet"));
        string path = Path.Combine(entry, "entry.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var files = json["files"]!.AsArray();
        files.Remove(files.First(f => (string)f!["path"]! == "weights.parquet"));
        json.Remove("digest");
        json["digest"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ArtifactSet.Json(json)));
        File.WriteAllBytes(path, ArtifactSet.Json(json));
    }
}
