using System.Text.Json.Nodes;

namespace Repro.Core.Artifacts;

/// <summary>
/// Whether a published folder already holds exactly the content a run would publish: every artifact byte for
/// byte, the manifest apart from its provenance, and nothing else but provenance.json. A rerun that reproduces
/// the published bytes then leaves the folder as it is, so regenerating results on another machine or at another
/// commit leaves a clean checkout clean, and the provenance keeps naming the machine that computed those bytes.
/// </summary>
public static class PublishedContent
{
    public static bool Matches(string folder, IReadOnlyDictionary<string, byte[]> files)
    {
        if (!Directory.Exists(folder)) return false;
        try
        {
            var present = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                .Where(f => f != ArtifactSet.ProvenanceFile)
                .ToHashSet(StringComparer.Ordinal);
            var expected = files.Keys.Where(f => f != ArtifactSet.ProvenanceFile).ToHashSet(StringComparer.Ordinal);
            if (!present.SetEquals(expected)) return false;
            foreach (var path in expected)
            {
                var onDisk = File.ReadAllBytes(Path.Combine(folder, path));
                bool same = path == ArtifactSet.ManifestFile ? SameContent(onDisk, files[path]) : onDisk.AsSpan().SequenceEqual(files[path]);
                if (!same) return false;
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false; // unreadable or malformed: not the same content, so publish anew
        }
    }

    static bool SameContent(byte[] published, byte[] fresh)
    {
        if (JsonNode.Parse(published) is not JsonObject old || JsonNode.Parse(fresh) is not JsonObject @new) return false;
        // A manifest without provenance is not complete: replace it.
        if (old[ArtifactSet.ProvenanceKey] is not JsonObject) return false;
        return ArtifactSet.Json(ArtifactSet.WithoutProvenance(old)).AsSpan().SequenceEqual(ArtifactSet.Json(ArtifactSet.WithoutProvenance(@new)));
    }
}
