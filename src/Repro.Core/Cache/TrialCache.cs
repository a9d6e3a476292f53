using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Cache;

/// <summary>What a cache lookup found: a usable result, nothing, or an entry that failed verification (and was removed).</summary>
public sealed record CacheLookup(TrialResult? Result, string? Problem = null)
{
    public bool Hit => Result is not null;
}

/// <summary>One cached trial as its entry describes it: enough to explain how a new trial differs from it.</summary>
public sealed record CachedTrial(string Key, string Spec, int EngineVersion, JsonObject Config);

/// <summary>
/// A content-addressed store of trial results, keyed by trial key (which covers every config value, the seed and
/// the engine version, so a key's result never changes). An entry is a folder `ab/abcdef…/` holding `entry.json`
/// and Parquet tables whose SHA-256 it lists; it is written in a private temp folder and renamed into place, so
/// readers see a whole entry or none. An entry that fails verification is reported, removed and recomputed.
/// </summary>
public sealed class TrialCache(string root)
{
    public const string DefaultRoot = ".repro/cache";
    const string EntryFile = "entry.json";
    const string TempFolder = ".tmp";

    public string Root { get; } = root;

    string EntryDir(string key) => Path.Combine(Root, key[..2], key);

    public CacheLookup Get(Trial trial)
    {
        string dir = EntryDir(trial.Key);
        if (!Directory.Exists(dir)) return new CacheLookup(null);
        try
        {
            return new CacheLookup(Read(trial.Key, dir));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException
            or FormatException or KeyNotFoundException or InvalidCastException or NullReferenceException or ArgumentException)
        {
            Remove(dir);
            return new CacheLookup(null, $"cache entry {trial.Key[..12]} failed verification ({e.Message}); removed, the trial is recomputed");
        }
    }

    static TrialResult Read(string key, string dir)
    {
        var entry = JsonNode.Parse(File.ReadAllBytes(Path.Combine(dir, EntryFile)))?.AsObject() ?? throw new InvalidDataException("empty entry.json");
        if (entry["key"]?.GetValue<string>() != key) throw new InvalidDataException("entry.json names another trial");
        var tables = new Dictionary<string, Table>();
        foreach (var file in entry["files"]!.AsArray())
        {
            string name = file!["path"]!.GetValue<string>();
            byte[] bytes = File.ReadAllBytes(Path.Combine(dir, name));
            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != file["sha256"]!.GetValue<string>())
                throw new InvalidDataException($"{name} does not match its SHA-256");
            tables[name] = ParquetTable.Read(bytes).Table;
        }
        var metrics = tables["metrics.parquet"];
        var points = Enumerable.Range(0, metrics.RowCount).Select(i => ResultTables.PointAt(metrics, i)).ToList();
        List<ReferenceValue>? references = null;
        if (tables.TryGetValue("references.parquet", out var r))
            references = [.. Enumerable.Range(0, r.RowCount).Select(i => ResultTables.ReferenceAt(r, i))];
        return new TrialResult(key, points, entry["steps_completed"]!.GetValue<long>(), entry["diverged_at_step"]?.GetValue<long>(), references);
    }

    public void Put(Trial trial, string spec, int engineVersion, TrialResult result)
    {
        var metadata = new Dictionary<string, string> { ["repro.trial_key"] = trial.Key };
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["metrics.parquet"] = ParquetTable.Write(new Table([.. ResultTables.PointColumns(result.Points)]), metadata),
        };
        if (result.References is { Count: > 0 } refs)
            files["references.parquet"] = ParquetTable.Write(new Table([.. ResultTables.ReferenceColumns(refs)]), metadata);
        var entry = new JsonObject
        {
            ["key"] = trial.Key,
            ["spec"] = spec,
            ["engine_version"] = engineVersion,
            ["steps_completed"] = result.StepsCompleted,
            ["diverged_at_step"] = result.DivergedAtStep,
            ["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f.Key,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(f.Value)),
                ["bytes"] = f.Value.LongLength,
            })]),
            ["config"] = trial.Canonical.DeepClone(),
        };
        files[EntryFile] = ArtifactSet.Json(entry);

        string target = EntryDir(trial.Key);
        if (Directory.Exists(target)) return; // the same key holds the same result: another run got here first
        string temp = Path.Combine(Root, TempFolder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            Publisher.WriteNew(temp, files);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(temp, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Lost a race with another writer of the same key; its entry is as good as ours.
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Every verified-looking entry of one spec (entry.json readable), for explaining what changed.</summary>
    public IEnumerable<CachedTrial> EntriesOf(string spec)
    {
        if (!Directory.Exists(Root)) yield break;
        foreach (var shard in Directory.EnumerateDirectories(Root).Where(d => Path.GetFileName(d).Length == 2).Order(StringComparer.Ordinal))
        {
            foreach (var dir in Directory.EnumerateDirectories(shard).Order(StringComparer.Ordinal))
            {
                JsonObject? entry;
                try
                {
                    entry = JsonNode.Parse(File.ReadAllBytes(Path.Combine(dir, EntryFile)))?.AsObject();
                }
                catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
                {
                    continue;
                }
                if (entry?["spec"]?.GetValue<string>() != spec || entry["config"] is not JsonObject config) continue;
                yield return new CachedTrial(Path.GetFileName(dir), spec, entry["engine_version"]?.GetValue<int>() ?? 0, config);
            }
        }
    }

    /// <summary>Whether an entry for this key is present (not verified: <see cref="Get"/> verifies).</summary>
    public bool Contains(string key) => File.Exists(Path.Combine(EntryDir(key), EntryFile));

    // Renamed aside first, so a concurrent reader sees the entry whole or not at all.
    void Remove(string dir)
    {
        string trash = Path.Combine(Root, TempFolder, "removed-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(trash)!);
            Directory.Move(dir, trash);
            Directory.Delete(trash, recursive: true);
        }
        catch (IOException)
        {
            // Another process removed or replaced it first.
        }
    }
}
