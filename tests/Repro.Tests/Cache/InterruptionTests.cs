using Repro.Tests.Support;

namespace Repro.Tests.Cache;

/// <summary>
/// Faults a real process meets: Ctrl+C, kill -9 and a second run at the same time. Previously published results
/// must survive whole, nothing half-written may appear, and the cache must hold only entries that verify.
/// </summary>
public class InterruptionTests
{
    // Six trials of different data sizes, so none shares a batch: about 1-2 s each, long enough to interrupt mid-run.
    const string Slow = """
        name: slow
        data: { kind: gaussian-regression, n_train: 8, n_test: 16, features: 20, target: { kind: sparse-linear, nonzeros: 3, noise: 0.0 } }
        model: linear
        init: zeros
        optimizer: { kind: gd, lr: 0.05 }
        train: { steps: 20000, log_every: 1000 }
        seeds: [0]
        sweep:
          data.n_train: [8, 9, 10, 11, 12, 13]
        metrics: [train_loss, dist_to_min_norm]
        """;

    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>A workspace whose results/slow/ was already published (by a short run) before the slow one starts.</summary>
    static async Task<(TempDir Temp, string Spec, Dictionary<string, byte[]> Published)> Prepared()
    {
        var temp = new TempDir();
        string spec = temp.File("slow.yaml", Slow);
        var quick = await ReproCli.Run("run", spec, "--results", Path.Combine(temp.Path, "results"), "--cache", Path.Combine(temp.Path, "quick-cache"), "--set", "train.steps=100");
        Assert.Equal(0, quick.ExitCode);
        return (temp, spec, Snapshot(Path.Combine(temp.Path, "results")));
    }

    static Dictionary<string, byte[]> Snapshot(string results) => Directory.GetFiles(results, "*", SearchOption.AllDirectories)
        .Where(f => !Path.GetFileName(f).EndsWith(".lock", StringComparison.Ordinal))
        .ToDictionary(f => Path.GetRelativePath(results, f), File.ReadAllBytes);

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    [InlineData("KILL", 137)]
    public async Task Stopping_a_run_keeps_the_published_results_and_a_consistent_cache(string signal, int exitCode)
    {
        var (temp, spec, published) = await Prepared();
        using var _ = temp;
        string cache = Path.Combine(temp.Path, "cache");
        using (var run = ReproProcess.Start(temp.Path, "run", spec, "--results", "results", "--cache", cache, "--jobs", "1"))
        {
            run.WaitForLog("[2/6]", Minute); // two trials done (and cached), the third under way
            run.Signal(signal);
            Assert.Equal(exitCode, run.WaitForExit(Minute));
            if (signal != "KILL") Assert.Contains($"repro: interrupted (SIG{signal}); nothing was published", run.Stderr);
        }

        Assert.Equal(published, Snapshot(Path.Combine(temp.Path, "results")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(temp.Path, "results"), ".*")); // no staging folder, and no empty .staging/
        Assert.Empty(CacheFolder.Problems(cache));
        int cached = CacheFolder.Entries(cache).Count;
        Assert.InRange(cached, 2, 3);

        // The next run picks up where the stopped one left off.
        var rerun = await ReproCli.Run("run", spec, "--results", Path.Combine(temp.Path, "results"), "--cache", cache);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains($"slow: trained {6 - cached} of 6 trials ({cached} from the cache)", rerun.Stdout);
    }

    [Fact]
    public async Task Stopping_a_run_with_worker_processes_stops_the_workers_too()
    {
        var (temp, spec, published) = await Prepared();
        using var _ = temp;
        string cache = Path.Combine(temp.Path, "cache");
        using (var run = ReproProcess.Start(temp.Path, "run", spec, "--results", "results", "--cache", cache, "--jobs", "2"))
        {
            // The workers are training: the run's progress line counts their steps (the second worker's first trial is under way).
            run.WaitForLog("trial-steps/s", Minute);
            run.Signal("TERM");
            Assert.Equal(143, run.WaitForExit(Minute));
        }
        int entries = CacheFolder.Entries(cache).Count;
        await Task.Delay(TimeSpan.FromSeconds(4)); // longer than a trial: a surviving worker would add an entry
        Assert.Equal(entries, CacheFolder.Entries(cache).Count);
        Assert.Equal(published, Snapshot(Path.Combine(temp.Path, "results")));
        Assert.Empty(CacheFolder.Problems(cache));
    }

    [Fact]
    public async Task Two_runs_at_once_on_one_cache_and_results_folder_both_finish_whole()
    {
        var (temp, spec, _) = await Prepared();
        using var __ = temp;
        string cache = Path.Combine(temp.Path, "cache");
        using var a = ReproProcess.Start(temp.Path, "run", spec, "--results", "results", "--cache", cache, "--jobs", "1");
        using var b = ReproProcess.Start(temp.Path, "run", spec, "--results", "results", "--cache", cache, "--jobs", "1");
        Assert.Equal(0, a.WaitForExit(2 * Minute));
        Assert.Equal(0, b.WaitForExit(2 * Minute));

        string folder = Path.Combine(temp.Path, "results", "slow");
        var check = Repro.Core.Artifacts.PublishedFolder.Check(folder); // the manifest, its digest and every file's SHA-256
        Assert.True(check.Usable, check.ToString());
        Assert.Contains("\"trials\"", File.ReadAllText(Path.Combine(folder, "manifest.json")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(temp.Path, "results"), ".*")); // no staging folder, and no empty .staging/
        Assert.Equal(6, CacheFolder.Entries(cache).Count);
        Assert.Empty(CacheFolder.Problems(cache));
    }
}
