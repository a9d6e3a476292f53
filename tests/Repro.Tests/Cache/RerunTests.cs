using Repro.Tests.Faults;
using Repro.Tests.Support;

namespace Repro.Tests.Cache;

/// <summary>The edit-and-rerun loop through the command line: only what changed is trained, and plan says why.</summary>
public class RerunTests
{
    const string Spec = Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02] }\n";

    [Fact]
    public async Task A_second_run_of_an_unchanged_spec_trains_nothing_says_so_and_publishes_the_same_bytes()
    {
        using var w = new FaultWorkspace(Spec);
        var first = await w.Run();
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("tiny: trained 4 of 4 trials (0 from the cache)", first.Stdout);
        var published = w.PublishedBytes();

        var second = await w.Run();
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("tiny: nothing to train: all 4 trials came from the cache", second.Stdout);
        Assert.Equal(published, w.PublishedBytes());

        var forced = await w.Run("--force");
        Assert.Contains("tiny: trained 4 of 4 trials (0 from the cache)", forced.Stdout);
        Assert.Equal(published, w.PublishedBytes());
    }

    [Fact]
    public async Task A_rerun_that_reproduces_the_published_bytes_leaves_the_folder_untouched_and_a_changed_one_replaces_it()
    {
        using var w = new FaultWorkspace(Spec);
        await w.Run();
        string folder = Path.Combine(w.Results, "tiny");
        string provenance = File.ReadAllText(Path.Combine(folder, "provenance.json"));
        var written = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var again = await w.Run("--force"); // retrained: same bytes, so the provenance of the first run stays
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(provenance, File.ReadAllText(Path.Combine(folder, "provenance.json")));
        Assert.All(written, f => Assert.Equal(f.Value, File.GetLastWriteTimeUtc(f.Key)));

        // A published file that no longer matches is not "the same content": the folder is published anew.
        File.AppendAllText(Path.Combine(folder, "claims.json"), " ");
        await w.Run();
        Assert.NotEqual(provenance, File.ReadAllText(Path.Combine(folder, "provenance.json")));
        File.WriteAllText(w.SpecFile, Spec.Replace("[0.01, 0.02]", "[0.01, 0.03]"));
        await w.Run();
        Assert.Contains("0.03", File.ReadAllText(Path.Combine(folder, "manifest.json")));
    }

    [Fact]
    public async Task Editing_one_sweep_value_retrains_only_its_trials_and_plan_says_what_changed()
    {
        using var w = new FaultWorkspace(Spec);
        await w.Run();
        File.WriteAllText(w.SpecFile, Spec.Replace("[0.01, 0.02]", "[0.01, 0.03]"));

        var plan = await w.Plan();
        Assert.Equal(0, plan.ExitCode);
        Assert.Contains("tiny: 4 trials, 2 cached, 2 to train", plan.Stdout);
        var stale = plan.Stdout.Split('\n').Where(l => l.Contains("to train:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stale.Count);
        Assert.All(stale, line => Assert.Matches(@"0\.03\s+to train: optimizer\.lr: 0\.0[12] → 0\.03 \(nearest cached trial [0-9a-f]{12}\)", line));

        var rerun = await w.Run();
        Assert.Contains("tiny: trained 2 of 4 trials (2 from the cache)", rerun.Stdout);
        Assert.Contains("tiny: 4 trials, 4 cached, 0 to train", (await w.Plan()).Stdout);
    }

    [Fact]
    public async Task A_corrupted_cache_entry_is_reported_and_recomputed_to_the_same_results()
    {
        using var w = new FaultWorkspace(Spec);
        await w.Run();
        var published = w.PublishedBytes();
        string metrics = CacheFolder.Entries(w.Cache).Select(dir => Path.Combine(dir, "metrics.parquet")).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(metrics);
        File.WriteAllBytes(metrics, bytes[..^10]); // truncated

        var rerun = await w.Run();
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("tiny: trained 1 of 4 trials (3 from the cache; 1 damaged cache entry recomputed)", rerun.Stdout);
        Assert.Equal(published, w.PublishedBytes());
        Assert.Empty(CacheFolder.Problems(w.Cache));
    }

    [Fact]
    public async Task Overrides_are_validated_like_the_file_and_point_at_the_override()
    {
        using var w = new FaultWorkspace(Spec);
        var bad = await w.Run("--set", "train.steps=0");
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("--set train.steps=0:1:19: train.steps must be >= 1, got 0; ", Assert.Single(bad.ErrorLines));
        Assert.False(Directory.Exists(w.Results));

        var typo = await w.Run("--set", "optimiser.lr=0.1");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("--set optimiser.lr=0.1:1:7: unknown key 'optimiser'", typo.Stderr);

        var ok = await w.Run("--set", "seeds=[0]", "--set", "sweep.optimizer.lr=[0.05]");
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("tiny: trained 1 of 1 trials", ok.Stdout);
    }
}
