namespace Repro.Core.Artifacts;

/// <summary>The published folders under a results root: what `report` and `query` read.</summary>
public static class PublishedFolders
{
    /// <summary>
    /// Every folder under <paramref name="resultsRoot"/> with a manifest, as (folder, spec name), in ordinal name order.
    /// Dot folders are a publish in progress (staging) or being retired: not published yet, or no longer.
    /// </summary>
    public static IReadOnlyList<(string Dir, string Name)> Under(string resultsRoot) =>
        Directory.GetDirectories(resultsRoot)
            .Select(dir => (Dir: dir, Name: Path.GetFileName(dir)))
            .Where(f => !f.Name.StartsWith('.') && File.Exists(Path.Combine(f.Dir, ArtifactSet.ManifestFile)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
}
