using Repro.Core.Cache;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Tests.Support;

namespace Repro.Tests.Cache;

/// <summary>The trial cache on hand-made results: what goes in comes out, and a damaged entry is never used.</summary>
public class TrialCacheTests
{
    static TrialPlan Plan(string lrs = "[0.01, 0.02]") => Planner.Plan(Specs.Parse(Specs.Tiny + $"\nsweep: {{ optimizer.lr: {lrs} }}\n"), 1);

    static TrialResult ResultFor(Trial trial, long? diverged = null) => new(trial.Key,
        [new MetricPoint(0, "train_loss", 1.5), new MetricPoint(0, "dist_to_min_norm", double.NaN), new MetricPoint(50, "train_loss", 0.25 + trial.Seed)],
        50, diverged, [new ReferenceValue("min_norm_interpolant", "coefficient", 3, -0.125), new ReferenceValue("min_norm_interpolant", "residual", null, 1e-15)]);

    [Fact]
    public void A_stored_trial_comes_back_equal_value_for_value()
    {
        using var temp = new TempDir();
        var cache = new TrialCache(temp.Path);
        var trial = Plan().Trials[1];
        var stored = ResultFor(trial, diverged: 40);
        cache.Put(trial, "tiny", 1, stored);

        var lookup = cache.Get(trial);
        Assert.True(lookup.Hit);
        Assert.Equal(stored.Points, lookup.Result!.Points); // NaN included: record equality compares doubles with Equals
        Assert.Equal(stored.References, lookup.Result.References);
        Assert.Equal((50L, (long?)40), (lookup.Result.StepsCompleted, lookup.Result.DivergedAtStep));
        Assert.False(cache.Get(Plan().Trials[0]).Hit);
    }

    [Theory]
    [InlineData("metrics.parquet", "flip")]
    [InlineData("metrics.parquet", "truncate")]
    [InlineData("references.parquet", "delete")]
    [InlineData("entry.json", "truncate")]
    public void A_damaged_entry_is_reported_removed_and_not_used(string file, string damage)
    {
        using var temp = new TempDir();
        var cache = new TrialCache(temp.Path);
        var trial = Plan().Trials[0];
        cache.Put(trial, "tiny", 1, ResultFor(trial));
        string path = Path.Combine(temp.Path, trial.Key[..2], trial.Key, file);
        byte[] bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "flip": bytes[bytes.Length / 2] ^= 0x40; File.WriteAllBytes(path, bytes); break;
            case "truncate": File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]); break;
            default: File.Delete(path); break;
        }

        var lookup = cache.Get(trial);
        Assert.False(lookup.Hit);
        Assert.Contains($"cache entry {trial.Key[..12]} failed verification", lookup.Problem);
        Assert.False(cache.Contains(trial.Key));
        Assert.Empty(CacheFolder.Entries(temp.Path));
    }

    [Fact]
    public void A_miss_is_explained_by_the_nearest_cached_trial_of_the_spec()
    {
        using var temp = new TempDir();
        var cache = new TrialCache(temp.Path);
        foreach (var trial in Plan().Trials) cache.Put(trial, "tiny", 1, ResultFor(trial));

        var changed = Plan("[0.01, 0.03]").Trials.Single(t => t.Seed == 1 && t.Config.Optimizer.Double("lr") == 0.03);
        var reason = TrialDiff.Explain(changed, 1, cache.EntriesOf("tiny"));
        // Nearest: the same seed at either cached lr (both differ in that one value only).
        Assert.Matches(@"^optimizer\.lr: 0\.0[12] → 0\.03$", Assert.Single(reason!.Changes));
        var withEngine = TrialDiff.Explain(changed, 2, cache.EntriesOf("tiny"))!.Changes;
        Assert.Equal(2, withEngine.Count);
        Assert.Equal("engine version: 1 → 2", withEngine[0]);
        Assert.Null(TrialDiff.Explain(changed, 1, cache.EntriesOf("another-spec")));
    }

    [Fact]
    public void A_cache_entry_stores_a_negative_NaN_as_the_canonical_one()
    {
        using var temp = new TempDir();
        var cache = new TrialCache(temp.Path);
        var trial = Plan().Trials[0];
        double negative = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0000));
        cache.Put(trial, "tiny", 1, new TrialResult(trial.Key, [new MetricPoint(0, "train_loss", negative)], 0, null));
        var (table, _) = Repro.Core.Artifacts.ParquetTable.Read(File.ReadAllBytes(Path.Combine(temp.Path, trial.Key[..2], trial.Key, "metrics.parquet")));
        Assert.Equal(0x7FF8_0000_0000_0000, BitConverter.DoubleToInt64Bits((double)table["value"].Values[0]!));
        Assert.Equal(0x7FF8_0000_0000_0000, BitConverter.DoubleToInt64Bits(cache.Get(trial).Result!.Points[0].Value));
    }
}
