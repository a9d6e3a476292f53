using System.Text.Json.Nodes;
using Repro.Cli.Pipeline;
using Repro.Core.Cache;
using Repro.Engine;
using Repro.Tests.Support;

namespace Repro.Tests.Cache;

/// <summary>`repro cache merge`, `verify` and `gc` on real caches trained by repro.</summary>
public class CacheCommandTests
{
    static string Spec => Repo.Path("specs", "min-norm-regression.yaml");

    static Dictionary<string, byte[]> Published(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .Where(f => Path.GetFileName(f) is not ("provenance.json" or "manifest.json"))
        .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    static async Task Shards(string a, string b)
    {
        Assert.Equal(0, (await ReproCli.Run("run", Spec, "--shard", "1/2", "--cache", a)).ExitCode);
        Assert.Equal(0, (await ReproCli.Run("run", Spec, "--shard", "2/2", "--cache", b)).ExitCode);
    }

    [Fact]
    public async Task Two_shard_caches_merged_publish_what_one_cache_publishes()
    {
        using var temp = new TempDir();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b"), merged = Path.Combine(temp.Path, "merged");
        await Shards(a, b);
        var merge = await ReproCli.Run("cache", "merge", a, b, "--cache", merged);
        Assert.Equal(0, merge.ExitCode);
        Assert.Contains($"merged 2 caches into {merged}: 10 entries copied, 0 already there with the same bytes", merge.Stdout);
        Assert.Empty(CacheFolder.Problems(merged));

        var publish = await ReproCli.Run("run", Spec, "--cache", merged, "--results", Path.Combine(temp.Path, "results"), "--json");
        Assert.Equal(0, publish.ExitCode);
        Assert.Equal((0, 10), ((int)JsonNode.Parse(publish.Stdout)!["trained"]!, (int)JsonNode.Parse(publish.Stdout)!["from_cache"]!));
        var alone = await ReproCli.Run("run", Spec, "--results", Path.Combine(temp.Path, "alone"));
        Assert.Equal(0, alone.ExitCode);
        Assert.Equal(Published(Path.Combine(temp.Path, "alone", "min-norm-regression")), Published(Path.Combine(temp.Path, "results", "min-norm-regression")));

        // Merging again finds every entry there already, byte for byte.
        var again = await ReproCli.Run("cache", "merge", a, "--cache", merged);
        Assert.Contains($"merged 1 cache into {merged}: 0 entries copied, 5 already there with the same bytes", again.Stdout);
    }

    [Fact]
    public async Task Different_bytes_under_one_key_are_a_fault_naming_both_machines_and_are_never_merged()
    {
        using var temp = new TempDir();
        string here = Path.Combine(temp.Path, "here"), there = Path.Combine(temp.Path, "there");
        Assert.Equal(0, (await ReproCli.Run("run", Spec, "--shard", "1/2", "--cache", here)).ExitCode);
        // "There" computed one of these trials with a last digit off, on another machine.
        var plan = ExperimentRunner.Plan(Spec);
        var trial = plan.Trials.First(t => new TrialCache(here).Contains(t.Key));
        var ours = new TrialCache(here).Get(trial).Result!;
        var theirs = ours with { Points = [.. ours.Points.Select((p, i) => i == ours.Points.Count - 1 ? p with { Value = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(p.Value) ^ 1) } : p)] };
        theirs = theirs with { Weights = ours.Weights };
        var writtenBy = new JsonObject { ["host"] = "node17", ["cpu"] = "Intel(R) Xeon(R) Gold 6338", ["cpu_capability"] = "avx512" };
        new TrialCache(there).Put(trial, plan.Spec.Name, plan.EngineVersion, theirs, writtenBy: writtenBy);
        var before = Directory.GetFiles(here, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        var merge = await ReproCli.Run("cache", "merge", there, "--cache", here);
        Assert.Equal(1, merge.ExitCode);
        string fault = Assert.Single(merge.Stdout.Split('\n'), l => l.StartsWith("reproducibility fault", StringComparison.Ordinal));
        Assert.Contains($"trial {trial.Key[..12]} of min-norm-regression has different metrics.parquet", fault);
        Assert.Contains("computed by host node17, cpu Intel(R) Xeon(R) Gold 6338, cpu_capability avx512", fault);
        Assert.Contains($"computed by host {Environment.MachineName}, cpu ", fault);
        Assert.Contains("repro doctor", fault);
        Assert.Contains("1 reproducibility fault", merge.Stdout);
        // The target is untouched, byte for byte.
        Assert.Equal(before, Directory.GetFiles(here, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes));
    }

    [Fact]
    public async Task A_damaged_source_entry_is_reported_and_left_out()
    {
        using var temp = new TempDir();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b"), merged = Path.Combine(temp.Path, "merged");
        await Shards(a, b);
        string damaged = Directory.GetFiles(b, "metrics.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.AppendAllText(damaged, "x");
        var merge = await ReproCli.Run("cache", "merge", a, b, "--cache", merged);
        Assert.Equal(0, merge.ExitCode);
        Assert.Contains($"warning: {Path.GetDirectoryName(damaged)}: cache entry", merge.Stdout);
        Assert.Contains("failed verification (metrics.parquet does not match its SHA-256); not merged", merge.Stdout);
        Assert.Contains("9 entries copied, 0 already there with the same bytes, 1 not merged", merge.Stdout);
        Assert.Equal(9, CacheFolder.Entries(merged).Count);
    }

    [Fact]
    public async Task Verify_reads_back_every_entry_and_fails_on_a_damaged_one()
    {
        using var temp = new TempDir();
        string cache = Path.Combine(temp.Path, "cache");
        Assert.Equal(0, (await ReproCli.Run("run", Spec, "--shard", "1/2", "--cache", cache)).ExitCode);
        var ok = await ReproCli.Run("cache", "verify", "--cache", cache);
        Assert.Equal((0, $"{cache}: all 5 entries verify"), (ok.ExitCode, ok.Stdout.Trim()));

        string entry = CacheFolder.Entries(cache).Order(StringComparer.Ordinal).First();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(entry, "entry.json")))!;
        json["steps_completed"] = 1; // an edited count: the digest no longer matches
        File.WriteAllText(Path.Combine(entry, "entry.json"), json.ToJsonString());
        var bad = await ReproCli.Run("cache", "verify", "--cache", cache);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains($"damaged: {entry}: cache entry", bad.Stdout);
        Assert.Contains("entry.json does not match its digest", bad.Stdout);
        Assert.Contains("1 of 5 entries damaged", bad.Stdout);
    }

    [Fact]
    public async Task Gc_keeps_what_a_published_result_or_the_ledger_needs_and_removes_the_rest()
    {
        using var temp = new TempDir();
        string cache = Path.Combine(temp.Path, "cache"), results = Path.Combine(temp.Path, "results");
        // Published: seeds 0 and 1 (and recorded in the ledger). Trained but never published: seed 2's two trials.
        Assert.Equal(0, (await ReproCli.Run("run", Spec, "--set", "seeds=[0,1]", "--cache", cache, "--results", results)).ExitCode);
        Assert.Equal(0, (await ReproCli.Run("run", Spec, "--set", "seeds=[2]", "--shard", "1/1", "--cache", cache)).ExitCode);
        Assert.Equal(6, CacheFolder.Entries(cache).Count);

        var dry = await ReproCli.Run("cache", "gc", "--keep-published", "--dry-run", "--cache", cache, "--results", results);
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains($"{cache}: would remove 0 damaged and 2 unreferenced entries; kept 4", dry.Stdout);
        Assert.Equal(6, CacheFolder.Entries(cache).Count);

        var gc = await ReproCli.Run("cache", "gc", "--keep-published", "--cache", cache, "--results", results);
        Assert.Equal(0, gc.ExitCode);
        Assert.Equal(2, gc.Stdout.Split('\n').Count(l => l.StartsWith("removed ", StringComparison.Ordinal) && l.EndsWith("no published result or ledger entry refers to it", StringComparison.Ordinal)));
        Assert.Equal(4, CacheFolder.Entries(cache).Count);
        var rerun = await ReproCli.Run("run", Spec, "--set", "seeds=[0,1]", "--cache", cache, "--results", results, "--json");
        Assert.Equal(0, (int)JsonNode.Parse(rerun.Stdout)!["trained"]!);

        // With the results gone, the ledger alone still holds the published trials.
        Directory.Delete(results, recursive: true);
        var ledgerOnly = await ReproCli.Run("cache", "gc", "--keep-published", "--cache", cache, "--results", results);
        Assert.Contains("removed 0 damaged and 0 unreferenced entries; kept 4", ledgerOnly.Stdout);
    }

    [Fact]
    public async Task Gc_removes_nothing_when_a_published_result_cannot_be_read()
    {
        using var temp = new TempDir();
        string cache = Path.Combine(temp.Path, "cache"), results = Path.Combine(temp.Path, "results");
        Assert.Equal(0, (await ReproCli.Run("run", Spec, "--set", "seeds=[0]", "--shard", "1/1", "--cache", cache)).ExitCode);
        Assert.Equal(0, (await ReproCli.Run("run", Spec, "--set", "seeds=[1]", "--cache", Path.Combine(temp.Path, "other"), "--results", results)).ExitCode);
        File.AppendAllText(Path.Combine(results, "min-norm-regression", "trials.parquet"), "x");
        var gc = await ReproCli.Run("cache", "gc", "--keep-published", "--cache", cache, "--results", results);
        Assert.Equal(3, gc.ExitCode);
        Assert.Contains($"{Path.Combine(results, "min-norm-regression")} cannot be read (trials.parquet does not match its SHA-256 in the manifest): gc removes nothing", gc.Stderr);
        Assert.Equal(2, CacheFolder.Entries(cache).Count);
    }
}
