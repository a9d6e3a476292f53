using Repro.Tests.Support;

namespace Repro.Tests.Cache;

/// <summary>Trials trained in worker processes or shards meet in the cache and publish the same bytes as one process.</summary>
public class WorkerTests
{
    static Dictionary<string, byte[]> Published(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .Where(f => Path.GetFileName(f) is not ("provenance.json" or "manifest.json"))
        .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    [Fact]
    public async Task Two_worker_processes_publish_what_one_process_publishes()
    {
        using var temp = new TempDir();
        string spec = Repo.Path("specs", "min-norm-regression.yaml");
        var alone = await ReproCli.Run("run", spec, "--results", Path.Combine(temp.Path, "alone"));
        Assert.Equal(0, alone.ExitCode);

        using var run = ReproProcess.Start(temp.Path, "run", spec, "--results", "parallel", "--cache", "cache", "--jobs", "2");
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Contains("min-norm-regression: trained 10 of 10 trials in 2 worker processes (0 from the cache)", run.Stdout);
        // The workers' own information (their shard's "[3/5]" counts, their plan) is not the user's: only the parent's lines show.
        Assert.DoesNotContain("[worker", run.Stderr);
        Assert.Contains("min-norm-regression: training 10 trials in 2 worker processes", run.Stderr);

        Assert.Equal(Published(Path.Combine(temp.Path, "alone", "min-norm-regression")), Published(Path.Combine(temp.Path, "parallel", "min-norm-regression")));
        Assert.Equal(10, CacheFolder.Entries(Path.Combine(temp.Path, "cache")).Count);
        // The parent found the workers' trials in the cache; provenance.json still counts them as trained by this run.
        var provenance = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "parallel", "min-norm-regression", "provenance.json")))!;
        Assert.Equal((10, 0), (provenance["trials_trained"]!.GetValue<int>(), provenance["trials_from_cache"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_damaged_entry_that_a_worker_recomputes_is_counted_as_trained()
    {
        using var temp = new TempDir();
        string spec = temp.File("tiny.yaml", Specs.Tiny.Replace("seeds: [0, 1]", "seeds: [0, 1, 2, 3]"));
        string cache = Path.Combine(temp.Path, "cache");
        Assert.Equal(0, (await ReproCli.Run("run", spec, "--results", Path.Combine(temp.Path, "first"), "--cache", cache, "--set", "seeds=[0]", "--jobs", "1")).ExitCode);
        // The one cached entry is damaged: it is still "there" when the parent counts what is missing, so the
        // workers train 4 trials where the parent expected 3. Before, the line said "trained 3 of 4 (1 from the cache)".
        var parquet = Directory.GetFiles(cache, "metrics.parquet", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(parquet);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(parquet, bytes);

        using var run = ReproProcess.Start(temp.Path, "run", spec, "--results", "second", "--cache", cache, "--jobs", "2");
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Contains("tiny: trained 4 of 4 trials in 2 worker processes (0 from the cache)", run.Stdout);
        // A worker's warning is the user's to see, tagged with the worker that met the damage.
        Assert.Matches(@"\[worker [12]/2\] cache entry [0-9a-f]{12} (failed verification|cannot be read)", run.Stderr);
        // A worker's own log prefix is taken off: one timestamp and level per line.
        Assert.DoesNotMatch(@"\[worker \d/\d\] \[\d\d:\d\d:\d\d [A-Z]{3}\]", run.Stderr);
    }

    [Theory]
    [InlineData("[12:00:01 WRN] [1/6] abc diverged at step 2", Microsoft.Extensions.Logging.LogLevel.Warning, "[1/6] abc diverged at step 2")]
    [InlineData("[12:00:01 INF] tiny: trained 2 trials", Microsoft.Extensions.Logging.LogLevel.Information, "tiny: trained 2 trials")]
    [InlineData("[12:00:01 ERR] boom", Microsoft.Extensions.Logging.LogLevel.Error, "boom")]
    [InlineData("Unhandled exception. System.Exception: x", Microsoft.Extensions.Logging.LogLevel.Warning, "Unhandled exception. System.Exception: x")]
    public void A_workers_log_line_keeps_its_level_and_loses_its_prefix(string line, Microsoft.Extensions.Logging.LogLevel level, string text) =>
        Assert.Equal((level, text), Repro.Cli.Pipeline.Workers.Parse(line));

    [Fact]
    public async Task Shards_fill_the_cache_without_publishing_and_a_plain_run_then_trains_nothing()
    {
        using var temp = new TempDir();
        string spec = Repo.Path("specs", "single-neuron.yaml"), results = Path.Combine(temp.Path, "results"), cache = Path.Combine(temp.Path, "cache");
        int trained = 0;
        foreach (var k in new[] { "1/3", "2/3", "3/3" })
        {
            var shard = await ReproCli.Run("run", spec, "--results", results, "--cache", cache, "--shard", k);
            Assert.Equal(0, shard.ExitCode);
            var said = System.Text.RegularExpressions.Regex.Match(shard.Stdout, $@"single-neuron: shard {k}: trained (\d+) of \1 trials");
            Assert.True(said.Success, shard.Stdout);
            trained += int.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(Directory.Exists(results));
        }
        Assert.Equal(10, trained); // the three parts cover the 10 trials once

        var plain = await ReproCli.Run("run", spec, "--results", results, "--cache", cache);
        Assert.Contains("single-neuron: nothing to train: all 10 trials came from the cache", plain.Stdout);
        Assert.Equal(2, (await ReproCli.Run("run", spec, "--shard", "0/3")).ExitCode);
    }
}
