using System.Text.Json.Nodes;

namespace Repro.Core.Artifacts;

/// <summary>
/// Which spec file published a folder: provenance.json's <c>spec_file</c>, the spec's path relative to the results
/// root's parent (results/ → the checkout), so that a clean clone at another path records and compares the same
/// text. It lives in provenance.json, not in the content: the bytes under content_sha256 never name a path.
/// </summary>
public static class PublishedBy
{
    public const string Key = "spec_file";

    /// <summary>The spec's path as a folder under <paramref name="resultsRoot"/> records it (forward slashes).</summary>
    public static string PathOf(string specFile, string resultsRoot) =>
        Path.GetRelativePath(Base(resultsRoot), Path.GetFullPath(specFile)).Replace('\\', '/');

    /// <summary>The spec file recorded in a published folder, or null: none recorded (published before repro did), or unreadable.</summary>
    public static string? Read(string folder)
    {
        string path = Path.Combine(folder, ArtifactSet.ProvenanceFile);
        try
        {
            // provenance.json is a few hundred bytes; anything far larger is not ours.
            if (!File.Exists(path) || new FileInfo(path).Length > 1 << 20) return null;
            return JsonNode.Parse(File.ReadAllBytes(path)) is JsonObject o && o[Key] is JsonValue v && v.TryGetValue(out string? file) ? file : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The other spec file that published <paramref name="folder"/>, when that file still exists: two spec files
    /// with one name would overwrite each other's results. Null when the folder is new, was published by this file,
    /// records none, or its spec file is gone (the spec was renamed or moved: the new file takes the folder over).
    /// </summary>
    public static string? OtherSpec(string folder, string resultsRoot, string specFile)
    {
        if (Read(folder) is not { } recorded) return null;
        string mine = PathOf(specFile, resultsRoot);
        if (recorded == mine) return null;
        string full = Path.GetFullPath(Path.Combine(Base(resultsRoot), recorded));
        return File.Exists(full) && full != Path.GetFullPath(specFile) ? recorded : null;
    }

    static string Base(string resultsRoot) =>
        Path.GetDirectoryName(Path.GetFullPath(Path.TrimEndingDirectorySeparator(resultsRoot))) ?? Path.GetFullPath(resultsRoot);
}
