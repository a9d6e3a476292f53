using System.Diagnostics;
using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Diff;

/// <summary>`repro diff A B` and `repro history`: what an edit changed, between folders, git revisions and ledger entries.</summary>
public class DiffCommandTests
{
    const string Spec = """
        name: dx
        data: { kind: gaussian-regression, n_train: 8, n_test: 16, features: 20, target: { kind: sparse-linear, nonzeros: 3, noise: 0.0 } }
        model: linear
        init: zeros
        optimizer: { kind: gd, lr: 0.05 }
        train: { steps: 20, log_every: 10 }
        seeds: [0, 1]
        metrics: [train_loss]
        claims:
          - { id: small, metric: train_loss, reduce: max, expect: "< 0.5" }
        """;

    sealed class Workspace : IDisposable
    {
        public readonly TempDir Temp = new();
        public string Cache => Path.Combine(Temp.Path, "cache");
        public string SpecFile => Path.Combine(Temp.Path, "dx.yaml");

        public async Task<string> Publish(string yaml, string results)
        {
            File.WriteAllText(SpecFile, yaml);
            var run = await ReproCli.Run("run", SpecFile, "--results", Path.Combine(Temp.Path, results), "--cache", Cache, "--jobs", "1");
            Assert.True(run.ExitCode is 0 or 1, run.Stderr);
            return Path.Combine(Temp.Path, results, "dx");
        }

        public Task<ReproCli.Outcome> Diff(params string[] args) => ReproCli.Run(["diff", .. args, "--cache", Cache]);

        public void Dispose() => Temp.Dispose();
    }

    [Fact]
    public async Task An_edit_of_one_value_shows_as_that_config_change_the_moved_metric_and_the_claim_value()
    {
        using var w = new Workspace();
        string a = await w.Publish(Spec, "a");
        string b = await w.Publish(Spec.Replace("lr: 0.05", "lr: 0.049"), "b");

        var same = await w.Diff(a, a);
        Assert.Equal(0, same.ExitCode);
        Assert.Contains("identical", same.Stdout);

        var diff = await w.Diff(a, b);
        Assert.Equal(1, diff.ExitCode);
        var changed = diff.Stdout.Split('\n').Where(l => l.TrimStart().StartsWith("changed", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, changed.Count); // both seeds
        Assert.All(changed, l => Assert.EndsWith("optimizer_lr 0.05 -> 0.049", l.TrimEnd()));
        Assert.Contains("small: PASS -> PASS", diff.Stdout);

        // --json: the same facts; the largest move of the final train_loss computed here from the two folders' own tables.
        var json = JsonNode.Parse((await w.Diff(a, b, "--json")).Stdout)!;
        var (ta, tb) = (Summary(a), Summary(b));
        double largest = Enumerable.Range(0, 2).Max(i => Math.Abs((double)ta["train_loss"].Values[i]! - (double)tb["train_loss"].Values[i]!));
        var summary = json["metrics"]!.AsArray().Single(m => (string)m!["table"]! == "summary.parquet" && (string)m["metric"]! == "train_loss")!;
        Assert.Equal(largest, (double)summary["max_abs"]!);
        Assert.Equal(2, (int)summary["differing"]!);
        Assert.False((bool)json["identical"]!);
        Assert.Equal(2, json["trials"]!["config_changed"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_tolerance_gates_values_that_moved_by_a_few_ulps()
    {
        using var w = new Workspace();
        string a = await w.Publish(Spec, "a");
        // The same publish with every train_loss one ULP up: what another machine's last-bit difference looks like.
        string b = Path.Combine(w.Temp.Path, "b", "dx");
        Directory.CreateDirectory(b);
        foreach (var file in Directory.GetFiles(a)) File.Copy(file, Path.Combine(b, Path.GetFileName(file)));
        foreach (var name in new[] { "metrics.parquet", "summary.parquet" })
        {
            var (table, metadata) = ParquetTable.Read(File.ReadAllBytes(Path.Combine(a, name)));
            var bumped = table.Columns.Select(c => c.Name is "value" or "train_loss"
                ? new Column(c.Name, c.Type, [.. c.Values.Select(v => (object?)Math.BitIncrement((double)v!))]) : c).ToList();
            File.WriteAllBytes(Path.Combine(b, name), ParquetTable.Write(new Table(bumped), metadata));
        }

        Assert.Equal(1, (await w.Diff(a, b)).ExitCode);                              // any difference, without a tolerance
        Assert.Equal(0, (await w.Diff(a, b, "--tolerance", "ulp=1")).ExitCode);      // within one ULP
        Assert.Equal(0, (await w.Diff(a, b, "--tolerance", "rel=1e-12")).ExitCode);
        Assert.Equal(1, (await w.Diff(a, b, "--tolerance", "abs=1e-300")).ExitCode); // beyond
        var bad = await w.Diff(a, b, "--tolerance", "ulps=1");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--tolerance", Assert.Single(bad.ErrorLines));
    }

    [Fact]
    public async Task History_lists_every_publish_and_at_entries_diff_an_earlier_run_after_an_edit()
    {
        using var w = new Workspace();
        string a = await w.Publish(Spec, "results");
        await w.Publish(Spec.Replace("lr: 0.05", "lr: 0.049"), "results");

        var history = await ReproCli.Run("history", "--cache", w.Cache);
        Assert.Equal(0, history.ExitCode);
        var rows = history.Stdout.Split('\n').Where(l => l.StartsWith('@')).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Contains("2/0", r)); // each trained both trials

        Assert.Equal(0, (await w.Diff("@0", a)).ExitCode);  // the newest entry is what the folder holds
        var before = await w.Diff("@-1", a);                // the run before the edit, from the history alone
        Assert.Equal(1, before.ExitCode);
        Assert.Contains("optimizer_lr 0.05 -> 0.049", before.Stdout);
        Assert.Equal(2, (await w.Diff("@9", a)).ExitCode);
    }

    [Fact]
    public async Task A_git_revision_and_a_renamed_spec_are_compared_by_their_trials()
    {
        using var w = new Workspace();
        string results = Path.Combine(w.Temp.Path, "results");
        await w.Publish(Spec, "results");
        Git(w.Temp.Path, "init", "-q");
        Git(w.Temp.Path, "add", "-A");
        Git(w.Temp.Path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first");
        // Renamed: same trials under another name.
        string renamed = Spec.Replace("name: dx", "name: dy");
        File.WriteAllText(w.SpecFile, renamed);
        Assert.Equal(0, (await ReproCli.Run("run", w.SpecFile, "--results", results, "--cache", w.Cache, "--jobs", "1")).ExitCode);

        // A real process: git reads the revision from the working folder's repository.
        using var diff = ReproProcess.Start(w.Temp.Path, "diff", "HEAD:results/dx", Path.Combine(results, "dy"), "--cache", w.Cache);
        diff.WaitForExit(TimeSpan.FromMinutes(1));
        Assert.Contains("spec dx", diff.Stdout);
        Assert.Contains("spec dy", diff.Stdout);
        Assert.Contains("2 unchanged", diff.Stdout); // same trial keys: nothing moved
    }

    [Fact]
    public async Task On_a_bundled_spec_a_fresh_run_diffs_identical_to_the_published_folder_and_an_override_shows_in_diff_and_history()
    {
        using var w = new Workspace();
        string results = Path.Combine(w.Temp.Path, "results");
        string spec = Repo.Spec("min-norm-regression");
        string published = Repo.Path("results", "min-norm-regression");
        Assert.Equal(0, (await ReproCli.Run("run", spec, "--results", results, "--cache", w.Cache, "--jobs", "1")).ExitCode);
        string fresh = Path.Combine(results, "min-norm-regression");

        var same = await w.Diff(published, fresh);
        Assert.True(same.ExitCode == 0, same.Stdout + same.Stderr);
        Assert.Contains("identical", same.Stdout);

        // An edit of one value, from the command line: every trial's config changes in that leaf alone.
        Assert.Equal(0, (await ReproCli.Run("run", spec, "--results", results, "--cache", w.Cache, "--jobs", "1", "--set", "optimizer.lr=0.03")).ExitCode);
        var diff = await w.Diff("@-1", fresh);
        Assert.Equal(1, diff.ExitCode);
        int trials = ParquetTable.Read(File.ReadAllBytes(Path.Combine(published, "trials.parquet"))).Table.RowCount;
        var changed = diff.Stdout.Split('\n').Where(l => l.TrimStart().StartsWith("changed", StringComparison.Ordinal)).ToList();
        Assert.Equal(trials, changed.Count);
        Assert.All(changed, l => Assert.EndsWith("optimizer_lr 0.04 -> 0.03", l.TrimEnd()));
        Assert.Equal(1, (await w.Diff(published, fresh)).ExitCode);

        var history = await ReproCli.Run("history", spec, "--cache", w.Cache);
        var rows = history.Stdout.Split('\n').Where(l => l.StartsWith('@')).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Contains("min-norm-regression", r));
        Assert.All(rows, r => Assert.Contains($"{trials}/0", r));
    }

    static Table Summary(string folder) => ParquetTable.Read(File.ReadAllBytes(Path.Combine(folder, "summary.parquet"))).Table;

    static void Git(string dir, params string[] args)
    {
        using var git = Process.Start(new ProcessStartInfo("git", args) { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true })!;
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, git.StandardError.ReadToEnd());
    }
}
