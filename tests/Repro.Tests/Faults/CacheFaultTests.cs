using System.Text.Json.Nodes;
using Repro.Core.Cache;

namespace Repro.Tests.Faults;

/// <summary>
/// Faults injected into cache entries between two runs (issue 14, item 1). Whatever is done to an entry, the next run
/// publishes exactly the bytes of a clean run and leaves the cache as a clean run left it: the damaged entry is
/// seen, taken out of use and recomputed, and `plan`, which reads entries the same way, says so beforehand.
/// </summary>
public class CacheFaultTests
{
    sealed record Baseline(Dictionary<string, byte[]> Published, Dictionary<string, byte[]> Cache, string Entry, string Other);

    static async Task<Baseline> Start(FaultWorkspace w)
    {
        var first = await w.Run();
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("tiny: trained 4 of 4 trials", first.Stdout);
        var entries = w.EntryFolders();
        Assert.Equal(4, entries.Count);
        return new Baseline(w.PublishedBytes(), w.CacheBytes(), entries[0], entries[1]);
    }

    /// <summary>The run after the fault: the damaged entry recomputed, the published folder and the cache as a clean run left them.</summary>
    static async Task AssertRecovered(FaultWorkspace w, Baseline clean, string expect = "tiny: trained 1 of 4 trials (3 from the cache; 1 damaged cache entry recomputed)")
    {
        var rerun = await w.Run();
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        Assert.Contains(expect, rerun.Stdout);
        Assert.Equal(clean.Published, w.PublishedBytes());
        Assert.Equal(clean.Cache, w.CacheBytes());
        Assert.Contains("tiny: nothing to train: all 4 trials came from the cache", (await w.Run()).Stdout);
    }

    static string Key(string dir) => Path.GetFileName(dir);

    [Theory]
    [InlineData("steps_completed", false)]
    [InlineData("diverged_at_step", false)]
    [InlineData("drop references", false)]
    [InlineData("engine_version", false)]
    [InlineData("older format", false)]
    [InlineData("steps_completed", true)]   // digest made anew: metrics.parquet's own count disagrees
    [InlineData("diverged_at_step", true)]
    [InlineData("drop references", true)]   // metrics.parquet says how many reference rows there are
    public async Task An_edited_entry_json_is_seen_by_plan_and_run_and_recomputed_to_the_same_bytes(string edit, bool redigest)
    {
        using var w = new FaultWorkspace();
        var clean = await Start(w);
        var entry = FaultWorkspace.Entry(clean.Entry);
        switch (edit)
        {
            case "steps_completed": entry["steps_completed"] = 7; break;
            case "diverged_at_step": entry["diverged_at_step"] = 3; break;
            case "drop references": entry["files"] = new JsonArray([.. entry["files"]!.AsArray().Where(f => f!["path"]!.GetValue<string>() != CacheEntry.ReferencesFile).Select(f => f!.DeepClone())]); break;
            case "engine_version": entry["engine_version"] = "x"; break;
            default: entry.Remove("format"); entry.Remove("digest"); break;
        }
        FaultWorkspace.WriteEntry(clean.Entry, entry, redigest && edit != "older format");

        var plan = await w.Plan();
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        Assert.Contains($"to train: cache entry {Key(clean.Entry)[..12]} failed verification", plan.Stdout);
        Assert.Contains("tiny: 4 trials, 3 cached, 1 to train", plan.Stdout);
        await AssertRecovered(w, clean);
    }

    [Fact]
    public async Task Another_trials_files_under_this_key_are_seen_by_the_key_inside_the_Parquet_files()
    {
        using var w = new FaultWorkspace();
        var clean = await Start(w);
        // Everything of the other entry, with this entry's key written into entry.json and a digest to match.
        foreach (var file in Directory.GetFiles(clean.Other)) File.Copy(file, Path.Combine(clean.Entry, Path.GetFileName(file)), overwrite: true);
        var entry = FaultWorkspace.Entry(clean.Entry);
        entry["key"] = Key(clean.Entry);
        FaultWorkspace.WriteEntry(clean.Entry, entry, redigest: true);

        Assert.Contains($"holds trial {Key(clean.Other)[..12]}, not this one", (await w.Plan()).Stdout);
        await AssertRecovered(w, clean);
    }

    [Fact]
    public async Task Force_replaces_a_damaged_entry_so_the_next_plain_run_cannot_meet_it()
    {
        using var w = new FaultWorkspace();
        var clean = await Start(w);
        File.WriteAllText(Path.Combine(clean.Entry, CacheEntry.MetricsFile), "not parquet");

        var forced = await w.Run("--force");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Contains("tiny: trained 4 of 4 trials (0 from the cache)", forced.Stdout);
        Assert.Equal(clean.Published, w.PublishedBytes());
        Assert.Equal(clean.Cache, w.CacheBytes()); // the entry was replaced by --force itself
        Assert.Contains("tiny: nothing to train: all 4 trials came from the cache", (await w.Run()).Stdout);
    }

    [Theory]
    [InlineData("entry.json is a folder")]   // reading it fails as a permission error does (UnauthorizedAccessException)
    [InlineData("entry is a file")]          // the entry's path holds a regular file
    [InlineData("table is a folder")]
    public async Task An_entry_that_cannot_be_read_is_removed_and_recomputed(string fault)
    {
        using var w = new FaultWorkspace();
        var clean = await Start(w);
        switch (fault)
        {
            case "entry.json is a folder":
                File.Delete(Path.Combine(clean.Entry, CacheEntry.EntryFile));
                Directory.CreateDirectory(Path.Combine(clean.Entry, CacheEntry.EntryFile, "inside"));
                break;
            case "table is a folder":
                File.Delete(Path.Combine(clean.Entry, CacheEntry.MetricsFile));
                Directory.CreateDirectory(Path.Combine(clean.Entry, CacheEntry.MetricsFile));
                break;
            default:
                Directory.Delete(clean.Entry, recursive: true);
                File.WriteAllText(clean.Entry, "a stray file");
                break;
        }

        var plan = await w.Plan();
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        Assert.Contains("tiny: 4 trials, 3 cached, 1 to train", plan.Stdout);
        await AssertRecovered(w, clean);
    }

    [ImmutableFact]
    public async Task An_entry_that_cannot_be_removed_is_left_and_the_trial_goes_to_a_fresh_location()
    {
        using var w = new FaultWorkspace();
        var clean = await Start(w);
        var entry = FaultWorkspace.Entry(clean.Entry);
        entry["steps_completed"] = 7;
        FaultWorkspace.WriteEntry(clean.Entry, entry, redigest: false);
        var stuck = Directory.GetFiles(clean.Entry).ToDictionary(f => f, File.ReadAllBytes);
        Assert.True(w.MakeImmutable(clean.Entry), "chattr +i is needed to make a folder that cannot be removed");

        var rerun = await w.Run();
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        Assert.Contains("tiny: trained 1 of 4 trials (3 from the cache; 1 damaged cache entry recomputed)", rerun.Stdout);
        Assert.Equal(clean.Published, w.PublishedBytes());
        // The stuck entry as it was; the recomputed one beside it holds exactly the clean entry's bytes.
        Assert.All(stuck, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
        string fresh = clean.Entry + ".1";
        FaultWorkspace.AssertVerifies(fresh);
        Assert.All(Directory.GetFiles(fresh), f => Assert.Equal(clean.Cache[Path.GetRelativePath(w.Cache, Path.Combine(clean.Entry, Path.GetFileName(f)))], File.ReadAllBytes(f)));

        // From now on the fresh location serves the trial; the stuck entry is still reported, never used.
        var again = await w.Run();
        Assert.Contains("tiny: nothing to train: all 4 trials came from the cache", again.Stdout);
        Assert.Equal(clean.Published, w.PublishedBytes());
        Assert.Contains("tiny: 4 trials, 4 cached, 0 to train", (await w.Plan()).Stdout);
    }

    [Fact]
    public async Task Temp_folders_older_than_a_day_are_removed_and_younger_ones_kept()
    {
        using var w = new FaultWorkspace();
        var clean = await Start(w);
        string old = Path.Combine(w.Cache, ".tmp", "0123456789abcdef");
        string young = Path.Combine(w.Cache, ".tmp", "fedcba9876543210");
        foreach (var dir in new[] { old, young }) File.WriteAllText(Path.Combine(Directory.CreateDirectory(dir).FullName, "metrics.parquet"), "half written");
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow - TrialCache.StaleAfter - TimeSpan.FromMinutes(1));

        Assert.Contains("tiny: nothing to train", (await w.Run()).Stdout);
        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(young)); // a live writer's, as far as anyone can tell
        Assert.Equal(clean.Cache, w.CacheBytes());
    }
}
