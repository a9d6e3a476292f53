using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Cli;

public class RunCommandTests
{
    [Fact]
    public async Task Running_the_bundled_spec_publishes_every_artifact_listed_in_the_manifest()
    {
        using var temp = new TempDir();
        var outcome = await ReproCli.Run("run", Repo.Path("specs", "min-norm-regression.yaml"), "--results", temp.Path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("PASS  zero-init-reaches-min-norm", outcome.Stdout);
        Assert.Contains("3 of 3 claims passed", outcome.Stdout);

        string dir = Path.Combine(temp.Path, "min-norm-regression");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        var listed = manifest["artifacts"]!.AsArray().Select(a => a!["path"]!.GetValue<string>()).ToList();
        Assert.Equal(["claims.json", "figures/distance-to-min-norm.pdf", "figures/distance-to-min-norm.svg", "figures/final-distance-by-init.pdf", "figures/final-distance-by-init.svg", "metrics.parquet", "references.parquet", "summary.parquet", "trials.parquet", "weights.parquet"], listed);
        foreach (var artifact in manifest["artifacts"]!.AsArray())
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(dir, artifact!["path"]!.GetValue<string>()));
            Assert.Equal(artifact["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(artifact["bytes"]!.GetValue<long>(), bytes.LongLength);
        }
        Assert.Equal(10, manifest["trials"]!.AsArray().Count);
        Assert.True(File.Exists(Path.Combine(dir, "provenance.json")));
        Assert.Empty(Directory.GetDirectories(temp.Path, ".*")); // no staging folder left behind
    }

    [Fact]
    public void The_run_log_says_which_trials_trained_as_one_batch_and_why_a_trial_trained_alone()
    {
        using var temp = new TempDir();
        string spec = temp.File("mixed.yaml", """
            name: mixed
            data: { kind: gaussian-regression, n_train: 8, n_test: 16, features: 20, target: { kind: sparse-linear, nonzeros: 3, noise: 0.0 } }
            model: linear
            init: zeros
            train: { steps: 50, log_every: 25 }
            seeds: [0, 1]
            sweep:
              optimizer:
                - { kind: gd, lr: 0.05 }
                - { kind: gd, lr: 0.02 }
                - { kind: exact-ridge, lambda: 0.1 }
            metrics: [train_loss]
            """);
        // A real process: the log goes to the process's stderr.
        using var run = ReproProcess.Start(temp.Path, "run", spec, "--results", temp.Path, "--cache", Path.Combine(temp.Path, "cache"), "--jobs", "1");
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromMinutes(2)));

        var log = run.Stderr.Split('\n');
        Assert.Single(log, l => l.Contains("mixed: trained 4 trials as one batch in"));  // two lrs x two seeds
        var alone = log.Where(l => l.Contains("trains alone:")).ToList();
        Assert.Equal(2, alone.Count);                                                  // exact-ridge, once per seed
        Assert.All(alone, l => Assert.Contains("optimizer exact-ridge solves its linear systems in one batched LAPACK call", l));
        Assert.Equal(2, log.Count(l => l.Contains("mixed: trained 1 trial alone in")));
    }

    [Fact]
    public async Task Metrics_are_long_format_with_seed_and_sweep_columns()
    {
        using var temp = new TempDir();
        await ReproCli.Run("run", Repo.Path("specs", "min-norm-regression.yaml"), "--results", temp.Path);
        var (metrics, metadata) = ParquetTable.Read(File.ReadAllBytes(Path.Combine(temp.Path, "min-norm-regression", "metrics.parquet")));

        Assert.Equal(["trial", "seed", "init_kind", "init_scale", "step", "metric", "value"], metrics.Columns.Select(c => c.Name));
        Assert.Equal(10 * 61 * 4, metrics.RowCount); // trials x recorded steps (0, 10, ..., 600) x metrics
        Assert.Equal(["normal", "zeros"], metrics["init_kind"].Values.Distinct().Select(v => (string)v!).Order());
        Assert.Contains(null, metrics["init_scale"].Values); // zeros init has no scale
        Assert.Equal(64, metadata["repro.spec_hash"].Length);
        Assert.Equal(10, metadata["repro.trial_keys"].Split(',').Length);

        var (summary, _) = ParquetTable.Read(File.ReadAllBytes(Path.Combine(temp.Path, "min-norm-regression", "summary.parquet")));
        Assert.Equal(10, summary.RowCount);
        Assert.All(summary["diverged"].Values, v => Assert.Equal(false, v));
        Assert.All(summary["steps_completed"].Values, v => Assert.Equal(600L, v));
    }

    [Fact]
    public async Task Two_runs_give_byte_identical_parquet_and_svg()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        await ReproCli.Run("run", Repo.Path("specs", "min-norm-regression.yaml"), "--results", a.Path);
        await ReproCli.Run("run", Repo.Path("specs", "min-norm-regression.yaml"), "--results", b.Path);

        var files = Directory.GetFiles(Path.Combine(a.Path, "min-norm-regression"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("provenance.json", StringComparison.Ordinal)).ToList();
        Assert.Contains(files, f => f.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".svg", StringComparison.Ordinal));
        foreach (var file in files)
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(file.Replace(a.Path, b.Path)));
    }

    [Fact]
    public async Task Rerunning_replaces_published_results_as_a_whole()
    {
        using var temp = new TempDir();
        string stale = Path.Combine(temp.Path, "min-norm-regression", "stale.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "from an older run");

        var outcome = await ReproCli.Run("run", Repo.Path("specs", "min-norm-regression.yaml"), "--results", temp.Path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(Path.Combine(temp.Path, "min-norm-regression", "manifest.json")));
    }
}
