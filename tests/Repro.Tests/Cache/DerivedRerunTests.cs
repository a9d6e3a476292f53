using System.Text.Json.Nodes;
using Repro.Tests.Support;

namespace Repro.Tests.Cache;

/// <summary>
/// Derived metrics are computed from what training recorded and are in no trial key: editing `derived:` trains
/// nothing, republishes the new values, and `verify` recomputes them from a published folder of the same trials.
/// </summary>
public class DerivedRerunTests
{
    const string Spec = Specs.Tiny + """

        sweep: { optimizer.lr: [0.01, 0.02] }
        derived:
          excess: "dist_to_min_norm - train_loss"
        claims:
          - { id: excess-positive, metric: excess, expect: "> 0" }
        """;

    const string Edited = "  excess: \"2 * (train_loss - dist_to_min_norm)\"\n  ratio: dist_to_min_norm / train_loss";

    [Fact]
    public async Task Editing_only_derived_trains_nothing_and_republishes_what_the_new_expressions_compute()
    {
        using var temp = new TempDir();
        string file = temp.File("tiny.yaml", Spec), results = Path.Combine(temp.Path, "results"), cache = Path.Combine(temp.Path, "cache");
        string folder = Path.Combine(results, "tiny");
        var first = await ReproCli.Run("run", file, "--results", results, "--cache", cache);
        Assert.Contains("tiny: trained 4 of 4 trials (0 from the cache)", first.Stdout);
        var before = PublishedTables.Metrics(folder);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!;

        File.WriteAllText(file, Spec.Replace("  excess: \"dist_to_min_norm - train_loss\"", Edited, StringComparison.Ordinal));
        var second = await ReproCli.Run("run", file, "--results", results, "--cache", cache);
        Assert.Contains("tiny: nothing to train: all 4 trials came from the cache", second.Stdout);

        var after = PublishedTables.Metrics(folder);
        var republished = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!;
        Assert.Equal(Keys(manifest), Keys(republished));
        Assert.NotEqual((string)manifest["spec_hash"]!, (string)republished["spec_hash"]!);
        // The recorded rows are the cached ones, bit for bit; the derived rows are the new expressions of them.
        Assert.Equal(before.Where(r => r.Metric != "excess"), after.Where(r => r.Metric is not ("excess" or "ratio")));
        foreach (var r in after.Where(r => r.Metric == "train_loss"))
        {
            double distance = after.At(r.Trial, r.Step, "dist_to_min_norm");
            Assert.Equal(2 * (r.Value - distance), after.At(r.Trial, r.Step, "excess"));
            Assert.Equal(distance / r.Value, after.At(r.Trial, r.Step, "ratio"));
        }
    }

    [Fact]
    public async Task Verify_recomputes_derived_metrics_from_a_published_folder_of_the_same_trials()
    {
        using var temp = new TempDir();
        string file = temp.File("tiny.yaml", Spec), results = Path.Combine(temp.Path, "results"), cache = Path.Combine(temp.Path, "cache");
        await ReproCli.Run("run", file, "--results", results, "--cache", cache);
        var rows = PublishedTables.Metrics(Path.Combine(results, "tiny"));
        var finals = rows.GroupBy(r => r.Trial).Select(g => (Distance: g.Last(r => r.Metric == "dist_to_min_norm").Value, Loss: g.Last(r => r.Metric == "train_loss").Value)).ToList();
        double published = finals.Min(f => f.Distance - f.Loss), edited = finals.Min(f => 2 * (f.Loss - f.Distance));

        // The folder still holds the old `excess` rows; verify reads its recorded rows and computes the new one.
        File.WriteAllText(file, Spec.Replace("  excess: \"dist_to_min_norm - train_loss\"", Edited, StringComparison.Ordinal));
        var verify = await ReproCli.Run("verify", file, "--results", results, "--cache", Path.Combine(temp.Path, "empty-cache"));
        Assert.Contains("(1 from published results, 0 trained)", verify.Stdout);
        Assert.Contains($"1 spec, 1 claims: {(edited > 0 ? 1 : 0)} passed", verify.Stdout);
        Assert.Equal(edited > 0 ? 0 : 1, verify.ExitCode);
        // The edit flips the sign (the distance to the min-norm interpolant stays above the training loss here), so
        // a verify that read the stale rows would give the other verdict.
        Assert.NotEqual(published > 0, edited > 0);
    }

    static List<string> Keys(JsonNode manifest) => [.. manifest["trials"]!.AsArray().Select(t => (string)t!["key"]!)];
}
