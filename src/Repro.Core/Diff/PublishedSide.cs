using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Artifacts;

namespace Repro.Core.Diff;

/// <summary>A trial as a published folder describes it: its key, seed and config leaves (path or column → JSON text).</summary>
public sealed record PublishedTrial(string Key, long Seed, int Position, IReadOnlyDictionary<string, string> Config);

/// <summary>A claim's verdict and measured value as claims.json records them.</summary>
public sealed record PublishedClaim(string Id, bool Passed, double? Measured);

/// <summary>
/// One side of a diff: a published folder's files (from disk, a git revision or the run history), read into the
/// parts a diff compares. Every part is checked as it is read: a side that is not a published folder is bad input.
/// </summary>
public sealed class PublishedSide
{
    /// <summary>Published tables are tens of MiB at most; this bounds what one side may hand the diff.</summary>
    public const long MaxBytes = 2L << 30;

    public const string TrialsFile = "trials.parquet";

    public string Label { get; }
    public IReadOnlyDictionary<string, byte[]> Files { get; }
    public string Spec { get; }
    public string ContentSha256 { get; }
    public IReadOnlyList<PublishedTrial> Trials { get; }
    public IReadOnlyList<PublishedClaim> Claims { get; }

    /// <summary>Whether the trial configs are every leaf of the resolved config (trials.parquet) or only the swept ones.</summary>
    public bool FullConfigs { get; }

    /// <summary>The side, or a usage error naming what makes <paramref name="files"/> no published folder.</summary>
    public static PublishedSide Read(string label, IReadOnlyDictionary<string, byte[]> files)
    {
        try
        {
            return new PublishedSide(label, files);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidCastException)
        {
            throw Fail.Usage($"{label} is not a published folder: a field of its manifest or claims has the wrong type ({e.Message})", Fix);
        }
    }

    const string Fix = "name a folder `repro run` published (it holds manifest.json), REV:path or @N";

    PublishedSide(string label, IReadOnlyDictionary<string, byte[]> files)
    {
        Label = label;
        Files = files;
        if (files.Values.Sum(f => (long)f.Length) > MaxBytes) throw Bad($"holds more than {MaxBytes >> 30} GiB");
        var manifest = Object(ArtifactSet.ManifestFile);
        Spec = Text(manifest, "spec");
        ContentSha256 = Text(manifest, ArtifactSet.ContentKey);
        var trials = manifest["trials"] as JsonArray ?? throw Bad("manifest.json has no trials list");
        var fromTable = files.ContainsKey(TrialsFile) ? TrialTable() : null;
        FullConfigs = fromTable is not null;
        Trials = [.. trials.Select((t, i) =>
        {
            if (t is not JsonObject trial || trial["key"] is not JsonValue key || trial["seed"] is not JsonValue seed)
                throw Bad($"manifest.json trial {i + 1} has no key or seed");
            string k = key.GetValue<string>();
            IReadOnlyDictionary<string, string> config = fromTable?.GetValueOrDefault(k)
                ?? (trial["sweep"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.ToJsonString() ?? "null", StringComparer.Ordinal);
            return new PublishedTrial(k, seed.GetValue<long>(), i, config);
        })];
        var claims = files.ContainsKey(ArtifactSet.ClaimsFile) ? Object(ArtifactSet.ClaimsFile)["claims"] as JsonArray ?? [] : [];
        Claims = [.. claims.OfType<JsonObject>().Select(c => new PublishedClaim(
            c["id"]?.GetValue<string>() ?? throw Bad("claims.json has a claim without an id"),
            c["passed"]?.GetValue<bool>() ?? false,
            c["measured"] is JsonValue m && m.TryGetValue(out double v) ? v : null))];
    }

    /// <summary>A Parquet table of this side, or null when it has none by that name.</summary>
    public Table? Table(string path)
    {
        if (!Files.TryGetValue(path, out var bytes)) return null;
        try
        {
            return ParquetTable.Read(bytes).Table;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Bad($"{path} is not a readable Parquet table ({e.Message})");
        }
    }

    // trials.parquet: trial, seed, then one column per leaf of the resolved config.
    Dictionary<string, IReadOnlyDictionary<string, string>> TrialTable()
    {
        var table = Table(TrialsFile)!;
        var leaves = table.Columns.Where(c => c.Name is not ("trial" or "seed")).ToList();
        var keys = table.Columns.FirstOrDefault(c => c.Name == "trial") ?? throw Bad($"{TrialsFile} has no trial column");
        return Enumerable.Range(0, table.RowCount).ToDictionary(
            r => keys.Values[r] as string ?? throw Bad($"{TrialsFile} row {r + 1} has no trial key"),
            r => (IReadOnlyDictionary<string, string>)leaves.ToDictionary(c => c.Name, c => JsonSerializer.Serialize(c.Values[r]), StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    JsonObject Object(string path)
    {
        if (!Files.TryGetValue(path, out var bytes)) throw Bad($"has no {path}");
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw Bad($"{path} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Bad($"{path} is not JSON ({e.Message.Split('.')[0]})");
        }
    }

    string Text(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue(out string? s) ? s : throw Bad($"manifest.json has no {key}");

    UsageException Bad(string problem) => Fail.Usage($"{Label} is not a published folder: {problem}", Fix);
}
