using System.Text.Json.Nodes;
using Repro.Core.Artifacts;

namespace Repro.Tests.Support;

/// <summary>manifest.json as the tests see it: the content that must regenerate byte for byte, and the provenance beside it.</summary>
public static class Manifests
{
    public static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllBytes(path))!.AsObject();

    /// <summary>The manifest's bytes without its provenance, written as repro writes JSON: what a fresh run must reproduce.</summary>
    public static byte[] Content(byte[] manifestJson) =>
        ArtifactSet.Json(ArtifactSet.WithoutProvenance(JsonNode.Parse(manifestJson)!.AsObject()));

    /// <summary>Everything wrong with a manifest's provenance block and content hash; empty when both are sound.</summary>
    public static IReadOnlyList<string> Problems(JsonObject manifest)
    {
        var problems = new List<string>();
        if (manifest[ArtifactSet.ContentKey]?.GetValue<string>() is not { } content)
            problems.Add("no content_sha256");
        else if (content != ArtifactSet.ContentSha256(manifest))
            problems.Add($"content_sha256 {content} is not the hash of the manifest's content ({ArtifactSet.ContentSha256(manifest)})");

        if (manifest[ArtifactSet.ProvenanceKey] is not JsonObject p)
        {
            problems.Add("no provenance object");
            return problems;
        }
        void Text(JsonObject o, string key, bool nullable = false)
        {
            if (!o.ContainsKey(key)) problems.Add($"provenance lacks {key}");
            else if (o[key] is null ? !nullable : o[key]!.GetValueKind() != System.Text.Json.JsonValueKind.String) problems.Add($"provenance {key} is not a string");
        }
        void Count(JsonObject o, string key)
        {
            if (o[key] is not JsonValue v || !v.TryGetValue<int>(out int n) || n < 1) problems.Add($"provenance {key} is not a positive count");
        }
        void Names(JsonObject o, string key, bool nullable = false, bool nonEmpty = true)
        {
            if (!o.ContainsKey(key)) problems.Add($"provenance lacks {key}");
            else if (o[key] is null && nullable) return;
            else if (o[key] is not JsonArray a || a.Any(x => x?.GetValueKind() != System.Text.Json.JsonValueKind.String) || (nonEmpty && a.Count == 0))
                problems.Add($"provenance {key} is not a list of names");
        }

        foreach (var key in new[] { "toolkit_version", "torchsharp_version", "libtorch_version", "dotnet_version", "os", "architecture" }) Text(p, key);
        if (!p.ContainsKey("git")) problems.Add("provenance lacks git");
        else if (p["git"] is JsonObject git)
        {
            if (git["commit"]?.GetValue<string>() is not { Length: >= 40 } commit || !commit.All(Uri.IsHexDigit)) problems.Add("provenance git.commit is not a commit id");
            if (git["dirty"] is not JsonValue dirty || !dirty.TryGetValue<bool>(out _)) problems.Add("provenance git.dirty is not true or false");
        }
        else if (p["git"] is not null) problems.Add("provenance git is neither an object nor null");

        if (p["cpu"] is JsonObject cpu)
        {
            Text(cpu, "model", nullable: true);
            Count(cpu, "cores");
            Names(cpu, "instruction_sets", nullable: true, nonEmpty: false);
        }
        else problems.Add("provenance lacks cpu");
        if (p["dispatch"] is JsonObject dispatch)
        {
            Text(dispatch, "cpu_capability", nullable: true);
            Count(dispatch, "intra_op_threads");
            Count(dispatch, "interop_threads");
        }
        else problems.Add("provenance lacks dispatch");
        Names(p, "devices");
        Names(p, "dtypes");
        static bool Fingerprint(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 16 && s.All(Uri.IsHexDigit);
        if (p["numerics"] is not JsonObject numerics) problems.Add("provenance lacks numerics");
        else
        {
            if (!Fingerprint(numerics["fingerprint"])) problems.Add("provenance numerics.fingerprint is not 16 hex digits");
            if (numerics["families"] is not JsonObject families || families.Count == 0 || families.Any(f => !Fingerprint(f.Value)))
                problems.Add("provenance numerics.families is not a set of fingerprints");
        }
        return problems;
    }
}
