namespace Repro.Core.Cache;

/// <summary>One entry location and what its check found: null when it verifies.</summary>
public sealed record EntryCheck(string Key, string Path, string? Problem);

/// <summary>What `repro cache gc` removed (or, dry, would remove), and what it could not.</summary>
public sealed record GcReport(int Kept, IReadOnlyList<EntryCheck> Damaged, IReadOnlyList<EntryCheck> Unreferenced, IReadOnlyList<string> Problems);

/// <summary>
/// `repro cache verify` and `repro cache gc`: every entry read back and checked as a lookup checks it (entry.json's
/// digest, each table's SHA-256, the key inside each table); gc removes damaged entries and, told which keys to keep,
/// entries nothing refers to.
/// </summary>
public static class CacheHealth
{
    public static IReadOnlyList<EntryCheck> Verify(TrialCache cache) =>
        [.. cache.All().Select(e => new EntryCheck(e.Key, e.Path, Directory.Exists(e.Path) ? TrialCache.Check(e.Path, e.Key).Problem : "a file where an entry folder belongs"))];

    /// <param name="keep">the keys to keep (published results' and the ledger's trials); null: keep every entry that verifies</param>
    /// <param name="dryRun">say what would go, remove nothing</param>
    public static GcReport Collect(TrialCache cache, IReadOnlySet<string>? keep, bool dryRun)
    {
        var checks = Verify(cache);
        var damaged = checks.Where(c => c.Problem is not null).ToList();
        var unreferenced = keep is null ? [] : checks.Where(c => c.Problem is null && !keep.Contains(c.Key)).ToList();
        var problems = new List<string>();
        if (!dryRun)
        {
            foreach (var c in damaged.Concat(unreferenced))
                if (cache.Remove(c.Path) is { } stuck) problems.Add($"{c.Path}: {stuck}");
            cache.SweepStale();
        }
        return new GcReport(checks.Count - damaged.Count - unreferenced.Count, damaged, unreferenced, problems);
    }
}
