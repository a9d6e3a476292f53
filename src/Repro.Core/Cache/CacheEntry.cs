using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Core.Plan;
using Repro.Core.Results;

namespace Repro.Core.Cache;

/// <summary>
/// One cache entry's files, written and read back. Nothing in an entry is taken on trust: `entry.json` carries a
/// SHA-256 of its own canonical text (so an edited count or file list is seen), every table must match the SHA-256
/// listed for it, and the Parquet files carry the trial key and the counts themselves, which must agree with
/// `entry.json` (so another trial's files under this key, or a dropped table, are seen too).
/// </summary>
public static class CacheEntry
{
    public const string EntryFile = "entry.json";
    public const string MetricsFile = "metrics.parquet";
    public const string ReferencesFile = "references.parquet";
    /// <summary>The trial's final parameters; entries written before repro kept them have none (and still verify).</summary>
    public const string WeightsFile = "weights.parquet";
    /// <summary>Entries written before the digest (format 1) have none and are recomputed.</summary>
    public const int Format = 2;

    const string KeyMeta = "repro.trial_key";
    const string StepsMeta = "repro.steps_completed";
    const string DivergedMeta = "repro.diverged_at_step";
    const string ReferenceRowsMeta = "repro.reference_rows";

    /// <summary>Every file of the entry for <paramref name="trial"/>, by name, entry.json included.</summary>
    /// <param name="writtenBy">the machine and toolkit that computed it (host, CPU, dispatch, versions; no time, so a recompute on one machine is the same bytes): what `repro cache merge`
    /// shows when two machines computed different bytes under one key; outside the tables, so it never changes a result</param>
    public static SortedDictionary<string, byte[]> Files(Trial trial, string spec, int engineVersion, TrialResult result, JsonObject? writtenBy = null)
    {
        int referenceRows = result.References?.Count ?? 0;
        var metadata = new Dictionary<string, string>
        {
            [KeyMeta] = trial.Key,
            [StepsMeta] = Number(result.StepsCompleted),
            [DivergedMeta] = result.DivergedAtStep is { } d ? Number(d) : "",
            [ReferenceRowsMeta] = Number(referenceRows),
        };
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [MetricsFile] = ParquetTable.Write(new Table([.. ResultTables.PointColumns(result.Points)]), metadata),
        };
        if (referenceRows > 0)
            files[ReferencesFile] = ParquetTable.Write(new Table([.. ResultTables.ReferenceColumns(result.References!)]), new Dictionary<string, string> { [KeyMeta] = trial.Key });
        if (result.Weights is { } weights)
            files[WeightsFile] = ParquetTable.Write(new Table([.. ResultTables.WeightColumns(ResultTables.Entries(weights))]), new Dictionary<string, string> { [KeyMeta] = trial.Key });
        var entry = new JsonObject
        {
            ["format"] = Format,
            ["key"] = trial.Key,
            ["spec"] = spec,
            ["engine_version"] = engineVersion,
            ["steps_completed"] = result.StepsCompleted,
            ["diverged_at_step"] = result.DivergedAtStep,
            ["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f.Key,
                ["sha256"] = Sha256(f.Value),
                ["bytes"] = f.Value.LongLength,
            })]),
            ["config"] = trial.Canonical.DeepClone(),
        };
        if (writtenBy is not null) entry["written_by"] = writtenBy.DeepClone();
        entry["digest"] = Digest(entry);
        files[EntryFile] = ArtifactSet.Json(entry);
        return files;
    }

    /// <summary>entry.json's fields, checked for shape and against its digest; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static EntryMetadata ReadMetadata(string dir, string key) => ReadMetadata(File.ReadAllBytes(Path.Combine(dir, EntryFile)), key);

    /// <summary>entry.json's fields from its bytes, checked as <see cref="ReadMetadata(string, string)"/> checks them.</summary>
    public static EntryMetadata ReadMetadata(byte[] entryJson, string key)
    {
        var node = JsonNode.Parse(entryJson) as JsonObject ?? throw new InvalidDataException("entry.json is not a JSON object");
        if (Long(node, "format") != Format) throw new InvalidDataException($"entry.json is not format {Format} (an older repro wrote it)");
        string written = Text(node, "digest");
        node.Remove("digest");
        if (Digest(node) != written) throw new InvalidDataException("entry.json does not match its digest (it was edited)");
        if (Text(node, "key") != key) throw new InvalidDataException("entry.json names another trial");
        var files = node["files"] as JsonArray ?? throw new InvalidDataException("entry.json's files is not a list");
        var listed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var f = file as JsonObject ?? throw new InvalidDataException("entry.json lists a file that is not an object");
            string path = Text(f, "path");
            if (path is not (MetricsFile or ReferencesFile or WeightsFile)) throw new InvalidDataException($"entry.json lists '{path}', which is not a cache table");
            if (!listed.TryAdd(path, Text(f, "sha256"))) throw new InvalidDataException($"entry.json lists {path} twice");
        }
        long steps = Long(node, "steps_completed");
        long? diverged = node["diverged_at_step"] is null ? null : Long(node, "diverged_at_step");
        int engine = checked((int)Long(node, "engine_version"));
        return new EntryMetadata(key, Text(node, "spec"), engine, steps, diverged, listed,
            node["config"] as JsonObject ?? throw new InvalidDataException("entry.json's config is not an object"),
            node["written_by"] switch
            {
                null => null,
                JsonObject by => by,
                _ => throw new InvalidDataException("entry.json's written_by is not an object"),
            });
    }

    /// <summary>The trial's result from a whole, verified entry; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static TrialResult Read(string dir, string key) => Read(Load(dir, key), key);

    /// <summary>
    /// entry.json and every table it lists, as bytes, unchecked: <see cref="Read(IReadOnlyDictionary{string, byte[]}, string)"/>
    /// checks them, so what a caller keeps (`repro cache merge` copies them) is what was verified.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> Load(string dir, string key)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [EntryFile] = File.ReadAllBytes(Path.Combine(dir, EntryFile)) };
        // The names come from a checked entry.json: only the cache's own table names.
        foreach (var name in ReadMetadata(files[EntryFile], key).Files.Keys) files[name] = File.ReadAllBytes(Path.Combine(dir, name));
        return files;
    }

    /// <summary>The trial's result from an entry's bytes (<see cref="Load"/>); throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static TrialResult Read(IReadOnlyDictionary<string, byte[]> files, string key)
    {
        var meta = ReadMetadata(files[EntryFile], key);
        if (!meta.Files.ContainsKey(MetricsFile)) throw new InvalidDataException("entry.json does not list metrics.parquet");
        var tables = new Dictionary<string, (Table Table, IReadOnlyDictionary<string, string> Metadata)>();
        foreach (var (name, sha) in meta.Files)
        {
            byte[] bytes = files[name];
            if (Sha256(bytes) != sha) throw new InvalidDataException($"{name} does not match its SHA-256");
            var table = ParquetTable.Read(bytes);
            if (!table.Metadata.TryGetValue(KeyMeta, out var embedded) || embedded != key)
                throw new InvalidDataException($"{name} holds trial {Short(embedded)}, not this one");
            tables[name] = table;
        }
        var (metrics, m) = tables[MetricsFile];
        // The counts as the Parquet file states them: entry.json must agree.
        long steps = ParseLong(m, StepsMeta) ?? throw new InvalidDataException($"metrics.parquet has no {StepsMeta}");
        long? diverged = ParseLong(m, DivergedMeta);
        long referenceRows = ParseLong(m, ReferenceRowsMeta) ?? throw new InvalidDataException($"metrics.parquet has no {ReferenceRowsMeta}");
        if (steps != meta.StepsCompleted) throw new InvalidDataException($"entry.json says {meta.StepsCompleted} steps completed, metrics.parquet {steps}");
        if (diverged != meta.DivergedAtStep) throw new InvalidDataException($"entry.json says diverged at step {Show(meta.DivergedAtStep)}, metrics.parquet {Show(diverged)}");
        long found = tables.TryGetValue(ReferencesFile, out var r) ? r.Table.RowCount : 0;
        if (found != referenceRows) throw new InvalidDataException($"metrics.parquet says {referenceRows} reference rows, the entry holds {found}");

        var points = Enumerable.Range(0, metrics.RowCount).Select(i => ResultTables.PointAt(metrics, i)).ToList();
        List<ReferenceValue>? references = found > 0 ? [.. Enumerable.Range(0, r.Table.RowCount).Select(i => ResultTables.ReferenceAt(r.Table, i))] : null;
        var weights = tables.TryGetValue(WeightsFile, out var w) ? ResultTables.WeightsAt(w.Table, Enumerable.Range(0, w.Table.RowCount)) : null;
        return new TrialResult(key, points, steps, diverged, references) { Weights = weights };
    }

    static string Digest(JsonObject entryWithoutDigest) => Sha256(ArtifactSet.Json(entryWithoutDigest));

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    static string Show(long? step) => step is { } s ? Number(s) : "never";

    static string Short(string? key) => key is null ? "(none)" : key.Length > 12 ? key[..12] : key;

    static long? ParseLong(IReadOnlyDictionary<string, string> metadata, string name) =>
        !metadata.TryGetValue(name, out var text) ? throw new InvalidDataException($"metrics.parquet has no {name}")
        : text.Length == 0 ? null
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value
        : throw new InvalidDataException($"metrics.parquet's {name} is not a count: '{text}'");

    static string Text(JsonObject node, string name) =>
        node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new InvalidDataException($"entry.json's {name} is not a string");

    static long Long(JsonObject node, string name) =>
        node[name] is JsonValue v && v.TryGetValue<long>(out long n) ? n : throw new InvalidDataException($"entry.json's {name} is not a whole number");
}

/// <summary>entry.json as read and checked: enough to explain a miss (<see cref="TrialDiff"/>) without reading the tables.</summary>
/// <param name="WrittenBy">the machine that computed it; null in entries from before repro recorded it</param>
public sealed record EntryMetadata(string Key, string Spec, int EngineVersion, long StepsCompleted, long? DivergedAtStep,
    IReadOnlyDictionary<string, string> Files, JsonObject Config, JsonObject? WrittenBy = null);
