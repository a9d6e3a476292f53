using System.Text.Json.Nodes;
using Repro.Core.History;
using Repro.Tests.Support;

namespace Repro.Tests.History;

/// <summary>
/// `run` refuses to publish over a folder another spec file of the same name made, and every publish is recorded in
/// the run history beside the cache with its files kept, byte for byte.
/// </summary>
public class PublishGuardAndLedgerTests
{
    const string Spec = """
        name: same-name
        data: { kind: gaussian-regression, n_train: 8, n_test: 16, features: 20, target: { kind: sparse-linear, nonzeros: 3, noise: 0.0 } }
        model: linear
        init: zeros
        optimizer: { kind: gd, lr: 0.05 }
        train: { steps: 20, log_every: 10 }
        metrics: [train_loss]
        """;

    [Fact]
    public async Task A_second_spec_file_with_the_same_name_is_refused_at_publish_unless_forced()
    {
        using var temp = new TempDir();
        string results = Path.Combine(temp.Path, "results"), cache = Path.Combine(temp.Path, "cache");
        Directory.CreateDirectory(Path.Combine(temp.Path, "specs"));
        string a = temp.File("specs/a.yaml", Spec);
        string b = temp.File("specs/b.yaml", Spec.Replace("lr: 0.05", "lr: 0.02"));

        Assert.Equal(0, (await ReproCli.Run("run", a, "--results", results, "--cache", cache, "--jobs", "1")).ExitCode);
        string folder = Path.Combine(results, "same-name");
        var before = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal("specs/a.yaml", (string)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "provenance.json")))!["spec_file"]!);

        var refused = await ReproCli.Run("run", b, "--results", results, "--cache", cache, "--jobs", "1");
        Assert.Equal(2, refused.ExitCode);
        string error = Assert.Single(refused.ErrorLines);
        Assert.Contains("was published by specs/a.yaml, not specs/b.yaml (both are named same-name)", error);
        Assert.Contains("--force", error);
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file)); // nothing written

        // The same file again is no conflict; a forced run takes the folder over and records its own file.
        Assert.Equal(0, (await ReproCli.Run("run", a, "--results", results, "--cache", cache, "--jobs", "1")).ExitCode);
        Assert.Equal(0, (await ReproCli.Run("run", b, "--results", results, "--cache", cache, "--jobs", "1", "--force")).ExitCode);
        Assert.Equal("specs/b.yaml", (string)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "provenance.json")))!["spec_file"]!);

        // A renamed spec (the old file is gone) takes its folder over without --force.
        File.Move(b, Path.Combine(temp.Path, "specs", "c.yaml"));
        Assert.Equal(0, (await ReproCli.Run("run", Path.Combine(temp.Path, "specs", "c.yaml"), "--results", results, "--cache", cache, "--jobs", "1")).ExitCode);
    }

    [Fact]
    public async Task Every_publish_is_a_ledger_entry_whose_files_rebuild_the_folder_it_published()
    {
        using var temp = new TempDir();
        string results = Path.Combine(temp.Path, "results"), cache = Path.Combine(temp.Path, "cache");
        string spec = temp.File("spec.yaml", Spec);

        await ReproCli.Run("run", spec, "--results", results, "--cache", cache, "--jobs", "1");
        var first = Directory.GetFiles(Path.Combine(results, "same-name"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Path.Combine(results, "same-name"), f).Replace('\\', '/'), File.ReadAllBytes);
        await ReproCli.Run("run", spec, "--results", results, "--cache", cache, "--jobs", "1");
        File.WriteAllText(spec, Spec.Replace("lr: 0.05", "lr: 0.02"));
        await ReproCli.Run("run", spec, "--results", results, "--cache", cache, "--jobs", "1");

        var ledger = new Ledger(cache);
        var entries = ledger.Read();
        Assert.Equal([1, 2, 3], entries.Select(e => e.Index));
        Assert.Equal([1, 0, 1], entries.Select(e => e.TrialsTrained));
        Assert.Equal([0, 1, 0], entries.Select(e => e.TrialsFromCache));
        Assert.Equal(entries[0].ContentSha256, entries[1].ContentSha256);
        Assert.NotEqual(entries[1].SpecHash, entries[2].SpecHash);
        // The first publish is still reachable after the edit, every file as it was published (provenance.json too).
        var kept = ledger.Files(entries[0]);
        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), kept.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in first) Assert.Equal(bytes, kept[path]);
    }

    [Fact]
    public async Task A_damaged_ledger_line_is_an_error_that_names_the_line_and_the_fix()
    {
        using var temp = new TempDir();
        string results = Path.Combine(temp.Path, "results"), cache = Path.Combine(temp.Path, "cache");
        string spec = temp.File("spec.yaml", Spec);
        await ReproCli.Run("run", spec, "--results", results, "--cache", cache, "--jobs", "1");
        var ledger = new Ledger(cache);
        File.AppendAllText(ledger.Path, "{ not json\n");

        var error = Assert.Throws<Repro.Core.ArtifactException>(() => ledger.Read());
        Assert.Contains("line 2 is not a ledger entry", error.Message);
        Assert.Contains("delete that line", error.Message);
    }
}
