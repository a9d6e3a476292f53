using Repro.Core.Plan;
using Repro.Core.Results;

namespace Repro.Core.Cache;

/// <summary>What a cache lookup found: a usable result, nothing, or entries that failed verification (and what became of them).</summary>
public sealed record CacheLookup(TrialResult? Result, string? Problem = null)
{
    public bool Hit => Result is not null;
}

/// <summary>One cached trial as its entry describes it: enough to explain how a new trial differs from it.</summary>
public sealed record CachedTrial(string Key, string Spec, int EngineVersion, System.Text.Json.Nodes.JsonObject Config);

/// <summary>
/// A content-addressed store of trial results, keyed by trial key (which covers every config value, the seed and
/// the engine version, so a key's result never changes). An entry is a folder `ab/abcdef…/` (see
/// <see cref="CacheEntry"/>), written in a private temp folder and renamed into place, so readers see a whole entry
/// or none. An entry that fails verification is reported, removed and recomputed; one that cannot be removed
/// either is left where it is and the trial goes to a fresh location beside it (`abcdef….1`, …).
/// </summary>
public sealed class TrialCache(string root)
{
    public const string DefaultRoot = ".repro/cache";
    const string TempFolder = ".tmp";
    /// <summary>Locations one key may use: its own, then fresh ones beside it for when the earlier ones are stuck.</summary>
    const int Locations = 4;
    /// <summary>A temp folder this old belongs to no live writer (one lives for the seconds a write takes).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    /// <summary>What <see cref="Inspect"/> says of a key with no entry at all.</summary>
    public const string NotCached = "not in the cache";

    /// <summary>Why <see cref="Inspect"/> counts a verified entry as missing: it predates kept weights, which the spec asks for.</summary>
    public const string NoWeights = "cached without weights, which the spec's artifacts ask for";

    bool swept;

    public string Root { get; } = root;

    IEnumerable<string> LocationsOf(string key)
    {
        string dir = Path.Combine(Root, key[..2], key);
        yield return dir;
        for (int i = 1; i < Locations; i++) yield return $"{dir}.{i}";
    }

    static bool Exists(string path) => Directory.Exists(path) || File.Exists(path);

    /// <summary>The verified result for this trial, if the cache holds one; damaged entries met on the way are removed.</summary>
    public CacheLookup Get(Trial trial)
    {
        var problems = new List<string>();
        bool stuck = false;
        foreach (var dir in LocationsOf(trial.Key).Where(Exists))
        {
            var (result, _, problem) = Open(dir, trial.Key);
            if (result is not null)
                return new CacheLookup(result, problems.Count == 0 ? null : $"{Join(problems)}; the verified entry at {dir} is used");
            var (gone, what) = Discard(dir);
            stuck |= !gone;
            problems.Add($"{problem}; {what}");
        }
        return new CacheLookup(null, problems.Count == 0 ? null
            : $"{Join(problems)}; the trial is recomputed{(stuck ? " into a fresh location beside it" : "")}");
    }

    /// <summary>What <see cref="Get"/> would find, changing nothing (for `plan`): null when a verified entry is there, else why not.</summary>
    /// <param name="weights">the spec asks for weights: an entry from before repro kept them is retrained, so not a hit</param>
    public string? Inspect(Trial trial, bool weights = false)
    {
        var problems = new List<string>();
        foreach (var dir in LocationsOf(trial.Key).Where(Exists))
        {
            var (result, _, problem) = Open(dir, trial.Key);
            if (result is not null) return weights && result.Weights is null ? NoWeights : null;
            problems.Add(problem!);
        }
        return problems.Count == 0 ? NotCached : Join(problems);
    }

    /// <summary>Whether an entry for this key is present with an entry.json that verifies (its tables are checked by <see cref="Get"/>).</summary>
    public bool Contains(string key) => LocationsOf(key).Any(dir => Metadata(dir, key) is not null);

    /// <summary>The entry's verified result and the bytes it was verified from, or why it is damaged.</summary>
    static (TrialResult? Result, IReadOnlyDictionary<string, byte[]>? Files, string? Problem) Open(string dir, string key)
    {
        try
        {
            var files = CacheEntry.Load(dir, key);
            return (CacheEntry.Read(files, key), files, null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, null, $"cache entry {key[..12]} failed verification (a file it needs is missing: {e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null, $"cache entry {key[..12]} cannot be read ({e.Message})");
        }
        // Whatever the bytes are, a reader of untrusted files must say "damaged", not crash: Parquet.Net and
        // System.Text.Json throw a range of types on malformed input.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return (null, null, $"cache entry {key[..12]} failed verification ({e.Message})");
        }
    }

    static EntryMetadata? Metadata(string dir, string key)
    {
        if (!Exists(dir)) return null;
        try
        {
            return CacheEntry.ReadMetadata(dir, key);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Stores a trial's result. <paramref name="replace"/> (`--force`) removes what the cache held for the key first.</summary>
    /// <returns>null, or what went wrong with entries in the way (the result is stored all the same where it says so)</returns>
    /// <param name="writtenBy">the machine that computed it (see <see cref="CacheEntry.Files"/>)</param>
    public string? Put(Trial trial, string spec, int engineVersion, TrialResult result, bool replace = false, System.Text.Json.Nodes.JsonObject? writtenBy = null)
    {
        SweepStale();
        var problems = new List<string>();
        if (replace)
            foreach (var dir in LocationsOf(trial.Key).Where(Exists))
                if (Discard(dir) is { Gone: false } stuck)
                    problems.Add($"cache entry {trial.Key[..12]} at {dir}: {stuck.Outcome}");

        problems.AddRange(Store(trial.Key, CacheEntry.Files(trial, spec, engineVersion, result, writtenBy), replace));
        return Join(problems);
    }

    /// <summary>
    /// Takes another cache's verified entry in (`repro cache merge`): its files as they are, written and renamed into
    /// place like a new one. Damaged entries in the way are removed first, as a lookup would.
    /// </summary>
    /// <returns>null, or what went wrong with entries in the way</returns>
    public string? Adopt(string key, IReadOnlyDictionary<string, byte[]> files)
    {
        SweepStale();
        var problems = new List<string>();
        foreach (var dir in LocationsOf(key).Where(Exists))
            if (Metadata(dir, key) is null && Discard(dir) is { Gone: false } stuck)
                problems.Add($"cache entry {key[..12]} at {dir}: {stuck.Outcome}");
        problems.AddRange(Store(key, files, replace: false));
        return Join(problems);
    }

    List<string> Store(string key, IReadOnlyDictionary<string, byte[]> files, bool replace)
    {
        var problems = new List<string>();
        string temp = Path.Combine(Root, TempFolder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            Artifacts.Publisher.WriteNew(temp, files);
            foreach (var target in LocationsOf(key))
            {
                if (Exists(target))
                {
                    // Another run got here first with the same key (so the same result), or a stuck entry: the next location.
                    if (!replace && Metadata(target, key) is not null) return problems;
                    continue;
                }
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    Directory.Move(temp, target);
                    if (target != LocationsOf(key).First()) problems.Add($"cache entry {key[..12]} stored at {target}: the locations before it are stuck");
                    return problems;
                }
                catch (IOException) when (Exists(target))
                {
                    // Lost a race with another writer of this location.
                }
            }
            problems.Add($"cache entry {key[..12]} was not stored: all {Locations} of its locations are taken by entries that cannot be removed");
            return problems;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Every entry location in the cache, damaged ones included: its key and its folder (or stray file), in order.</summary>
    public IEnumerable<(string Key, string Path)> All()
    {
        foreach (var shard in Folders(Root).Where(d => Path.GetFileName(d).Length == 2))
            foreach (var path in Folders(shard).Concat(Files(shard)))
            {
                string key = Path.GetFileName(path).Split('.')[0];
                // Folder names come from another machine's cache too (`merge`): only a hex key under its own prefix is an entry.
                if (key.Length >= 12 && key.All(char.IsAsciiHexDigitLower) && key.StartsWith(Path.GetFileName(shard), StringComparison.Ordinal)) yield return (key, path);
            }
    }

    /// <summary>The whole verified entry for this key (entry.json and every table checked), with its files' bytes; null when there is none.</summary>
    public (string Path, EntryMetadata Metadata, IReadOnlyDictionary<string, byte[]> Files)? Verified(string key)
    {
        foreach (var dir in LocationsOf(key).Where(Directory.Exists))
            if (Check(dir, key) is { Metadata: { } metadata, Files: { } files }) return (dir, metadata, files);
        return null;
    }

    /// <summary>Reads and checks the entry at <paramref name="path"/> as a lookup would: its metadata and the very bytes verified, or why it is damaged.</summary>
    public static (EntryMetadata? Metadata, IReadOnlyDictionary<string, byte[]>? Files, string? Problem) Check(string path, string key)
    {
        var (result, files, problem) = Open(path, key);
        return result is null ? (null, null, problem) : (CacheEntry.ReadMetadata(files![CacheEntry.EntryFile], key), files, null);
    }

    /// <summary>Removes one entry location (`repro cache gc`), as a damaged one is removed: renamed aside, then deleted.</summary>
    /// <returns>null, or why it is still there</returns>
    public string? Remove(string path) => Discard(path) is { Gone: false } stuck ? stuck.Outcome : null;

    static IEnumerable<string> Files(string dir)
    {
        try
        {
            return Directory.Exists(dir) ? [.. Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal)] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Every entry of one spec whose entry.json verifies, for explaining what changed.</summary>
    public IEnumerable<CachedTrial> EntriesOf(string spec)
    {
        foreach (var (key, dir) in All())
            if (Metadata(dir, key) is { } entry && entry.Spec == spec)
                yield return new CachedTrial(key, spec, entry.EngineVersion, entry.Config);
    }

    static IEnumerable<string> Folders(string dir)
    {
        try
        {
            return Directory.Exists(dir) ? [.. Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal)] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return []; // an unreadable shard explains nothing; the lookups themselves report it
        }
    }

    /// <summary>
    /// Takes a bad entry (folder or stray file) out of use: renamed aside first, so a concurrent reader sees it whole
    /// or not at all, then deleted.
    /// </summary>
    /// <returns>whether it is out of the way, and what happened (for the warning)</returns>
    (bool Gone, string Outcome) Discard(string path)
    {
        string trash = Path.Combine(Root, TempFolder, "removed-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(trash)!);
            if (Directory.Exists(path)) Directory.Move(path, trash);
            else File.Move(path, trash);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Exists(path)
                ? (false, $"it cannot be removed or moved aside ({e.Message}): left in place")
                : (true, "removed"); // another process removed it first
        }
        try
        {
            if (Directory.Exists(trash)) Directory.Delete(trash, recursive: true);
            else File.Delete(trash);
            return (true, "removed");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (true, $"moved aside to {trash} (it cannot be deleted: {e.Message})");
        }
    }

    /// <summary>Deletes what crashed writers left in the temp folder more than <see cref="StaleAfter"/> ago (once per instance).</summary>
    public void SweepStale()
    {
        if (swept) return;
        swept = true;
        string tmp = Path.Combine(Root, TempFolder);
        var cutoff = DateTime.UtcNow - StaleAfter;
        foreach (var entry in Entries(tmp))
        {
            try
            {
                if (Directory.Exists(entry))
                {
                    if (Directory.GetLastWriteTimeUtc(entry) < cutoff) Directory.Delete(entry, recursive: true);
                }
                else if (File.GetLastWriteTimeUtc(entry) < cutoff) File.Delete(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next sweep: a stale temp folder wastes space, nothing more.
            }
        }
    }

    static IEnumerable<string> Entries(string dir)
    {
        try
        {
            return Directory.Exists(dir) ? [.. Directory.EnumerateFileSystemEntries(dir)] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    static string? Join(List<string> problems) => problems.Count == 0 ? null : string.Join("; ", problems);
}
