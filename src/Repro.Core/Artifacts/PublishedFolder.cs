using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Repro.Core.Artifacts;

/// <summary>One file a manifest lists, as it lists it.</summary>
public sealed record ListedFile(string Path, string Sha256, long Bytes, long? Rows);

/// <summary>A published folder that checked out: its manifest, the files it lists and their bytes as read and verified.</summary>
public sealed record VerifiedFolder(string Dir, JsonObject Manifest, IReadOnlyList<string> TrialKeys, IReadOnlyList<ListedFile> Files,
    IReadOnlyDictionary<string, byte[]> Bytes, byte[] ManifestBytes);

/// <summary>What checking a published folder found: the verified folder, or why it cannot be used (<see cref="Reason"/>, without the folder).</summary>
public sealed record FolderCheck(string Dir, VerifiedFolder? Folder, string Reason)
{
    public bool Usable => Folder is not null;

    /// <summary>Whether there is a published folder at all (a manifest); one that is there but fails is damaged.</summary>
    public bool Published { get; init; } = true;

    public override string ToString() => Usable ? $"verified {Dir}" : Published ? $"{Dir} cannot be used: {Reason}" : Reason;
}

/// <summary>
/// Checks a published folder before anything reads it (`verify`, `report`, `query`): manifest.json must parse, have
/// the shape repro writes and match its own content_sha256, and every file it lists (tables, claims.json and
/// figures) must be there with its size and SHA-256. Files are read once here and handed on, so what is used is
/// what was checked.
/// </summary>
public static partial class PublishedFolder
{
    /// <summary>Files every published folder has; figures and references.parquet depend on the spec.</summary>
    static readonly string[] Required = [ArtifactSet.ClaimsFile, "metrics.parquet", "summary.parquet"];

    public static FolderCheck Check(string dir)
    {
        string manifestPath = Path.Combine(dir, ArtifactSet.ManifestFile);
        if (!File.Exists(manifestPath)) return new FolderCheck(dir, null, $"nothing published in {dir}") { Published = false };
        try
        {
            byte[] manifestBytes = File.ReadAllBytes(manifestPath);
            var (manifest, keys, files) = Parse(manifestBytes);
            var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                string path = Path.Combine(dir, file.Path);
                if (!File.Exists(path)) throw Bad($"{file.Path} is missing");
                byte[] content = File.ReadAllBytes(path);
                if (content.LongLength != file.Bytes || Convert.ToHexStringLower(SHA256.HashData(content)) != file.Sha256)
                    throw Bad($"{file.Path} does not match its SHA-256 in the manifest");
                bytes[file.Path] = content;
            }
            return new FolderCheck(dir, new VerifiedFolder(dir, manifest, keys, files, bytes, manifestBytes), "verified");
        }
        catch (InvalidDataException e)
        {
            return new FolderCheck(dir, null, e.Message);
        }
        catch (System.Text.Json.JsonException e)
        {
            return new FolderCheck(dir, null, $"manifest.json is not valid JSON ({e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FolderCheck(dir, null, $"it cannot be read ({e.Message})");
        }
    }

    /// <summary>
    /// The trial keys a manifest lists (one kept in the run history, say), checked as <see cref="Check"/> checks its
    /// shape and content hash; throws <see cref="InvalidDataException"/> or a JsonException saying what is wrong.
    /// </summary>
    public static IReadOnlyList<string> TrialKeys(byte[] manifestBytes) => Parse(manifestBytes).Keys;

    /// <summary>A manifest parsed, its shape checked and its content hash matched.</summary>
    static (JsonObject Manifest, List<string> Keys, List<ListedFile> Files) Parse(byte[] manifestBytes)
    {
        var manifest = JsonNode.Parse(manifestBytes) as JsonObject ?? throw Bad("manifest.json is not a JSON object");
        var (keys, files) = Shape(manifest);
        if (ArtifactSet.ContentSha256(manifest) != Text(manifest, ArtifactSet.ContentKey))
            throw Bad("manifest.json does not match its content_sha256 (it was edited)");
        return (manifest, keys, files);
    }

    /// <summary>The manifest's trial keys and listed files, or <see cref="InvalidDataException"/> naming the first thing out of shape.</summary>
    static (List<string> Keys, List<ListedFile> Files) Shape(JsonObject manifest)
    {
        Text(manifest, "spec");
        Text(manifest, "spec_hash");
        Count(manifest, "engine_version");
        var artifacts = manifest["artifacts"] as JsonArray ?? throw Bad("manifest.json's artifacts is not a list");
        var files = new List<ListedFile>();
        foreach (var node in artifacts)
        {
            var a = node as JsonObject ?? throw Bad("manifest.json lists an artifact that is not an object");
            string path = Text(a, "path");
            if (!SafePath().IsMatch(path) || path.Contains("..", StringComparison.Ordinal))
                throw Bad($"manifest.json lists '{path}', which is not a file of a published folder");
            string sha = Text(a, "sha256");
            if (!Sha256Text().IsMatch(sha)) throw Bad($"manifest.json's sha256 of {path} is not a SHA-256");
            files.Add(new ListedFile(path, sha, Count(a, "bytes"), a["rows"] is null ? null : Count(a, "rows")));
        }
        if (files.Select(f => f.Path).Distinct(StringComparer.Ordinal).Count() != files.Count) throw Bad("manifest.json lists a file twice");
        if (Required.FirstOrDefault(r => files.All(f => f.Path != r)) is { } absent) throw Bad($"manifest.json does not list {absent}");
        var trials = manifest["trials"] as JsonArray ?? throw Bad("manifest.json's trials is not a list");
        var keys = new List<string>();
        foreach (var node in trials)
        {
            var t = node as JsonObject ?? throw Bad("manifest.json lists a trial that is not an object");
            string key = Text(t, "key");
            if (!Sha256Text().IsMatch(key)) throw Bad($"manifest.json lists trial key '{key}', which is not a SHA-256");
            keys.Add(key);
        }
        return (keys, files);
    }

    static InvalidDataException Bad(string problem) => new(problem);

    static string Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Bad($"manifest.json's {name} is not a string");

    static long Count(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<long>(out long n) && n >= 0 ? n : throw Bad($"manifest.json's {name} is not a count");

    // What repro publishes: top-level files and figures/ID.svg, names of letters, digits, '.', '_' and '-'.
    [GeneratedRegex("^(figures/)?[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SafePath();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Text();
}
