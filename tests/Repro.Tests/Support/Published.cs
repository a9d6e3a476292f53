using Repro.Core.Artifacts;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;

namespace Repro.Tests.Support;

/// <summary>
/// The published specs, and their trial results read back from results/NAME/ (no training).
/// </summary>
public static class Published
{
    public static IEnumerable<string> Names() => PublishedFolders.Under(Repo.Path("results")).Select(f => f.Name);

    public static (TrialPlan Plan, IReadOnlyList<TrialResult> Results) Load(string name)
    {
        var spec = SpecBinder.Load(Repo.Spec(name), Registries.Catalog);
        var plan = Planner.Plan(spec, EngineInfo.Version);
        var reuse = PublishedResults.TryLoad(plan, Repo.Path("results", name));
        Assert.True(reuse.Usable, reuse.Reason);
        return (plan, reuse.Results!);
    }

    /// <summary>
    /// Writes a hand-made published folder that passes <see cref="PublishedFolder.Check"/>: the files, and a
    /// manifest listing each with its SHA-256 and size, no trials, and its content hash.
    /// </summary>
    public static void Folder(string dir, string spec, IReadOnlyDictionary<string, byte[]> files)
    {
        var manifest = new System.Text.Json.Nodes.JsonObject
        {
            ["spec"] = spec,
            ["spec_hash"] = new string('0', 64),
            ["engine_version"] = 1,
            ["artifacts"] = new System.Text.Json.Nodes.JsonArray([.. files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["path"] = f.Key,
                ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.Value)),
                ["bytes"] = f.Value.LongLength,
            })]),
            ["trials"] = new System.Text.Json.Nodes.JsonArray(),
        };
        manifest.Insert(manifest.IndexOf("engine_version") + 1, ArtifactSet.ContentKey, ArtifactSet.ContentSha256(manifest));
        foreach (var (path, bytes) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, path))!);
            File.WriteAllBytes(Path.Combine(dir, path), bytes);
        }
        File.WriteAllBytes(Path.Combine(dir, ArtifactSet.ManifestFile), ArtifactSet.Json(manifest));
    }
}
