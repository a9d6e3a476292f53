using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Engine.Numerics;

namespace Repro.Cli.Doctor;

/// <summary>
/// The machine a published folder was computed on, as its manifest's provenance records it: the CPU model and the
/// numerics fingerprint (null where the manifest predates fingerprints, or cannot be read as one).
/// </summary>
public sealed record RecordedNumerics(string? Cpu, string? Overall, IReadOnlyDictionary<string, string>? Families)
{
    public bool Known => Overall is not null && Families is not null;

    /// <summary>Reads a published folder's manifest; nothing in it is trusted to have the expected shape.</summary>
    public static RecordedNumerics Read(string folder)
    {
        try
        {
            var manifest = JsonNode.Parse(File.ReadAllBytes(Path.Combine(folder, ArtifactSet.ManifestFile))) as JsonObject;
            var provenance = manifest?[ArtifactSet.ProvenanceKey] as JsonObject;
            string? cpu = (provenance?["cpu"] as JsonObject)?["model"] is JsonValue model && model.TryGetValue(out string? text) ? text : null;
            if (provenance?["numerics"] is not JsonObject numerics
                || numerics["fingerprint"] is not JsonValue overall || !overall.TryGetValue(out string? fingerprint)
                || numerics["families"] is not JsonObject families)
                return new(cpu, null, null);
            var byFamily = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in families)
            {
                if (value is not JsonValue v || !v.TryGetValue(out string? fp)) return new(cpu, null, null);
                byFamily[name] = fp;
            }
            return new(cpu, fingerprint, byFamily);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return new(null, null, null);
        }
    }

    /// <summary>The families whose fingerprint differs from <paramref name="here"/>'s, or that only one side has.</summary>
    public IReadOnlyList<string> DifferingFamilies(NumericsFingerprint here) =>
        DifferingFamilies(here.Families.ToDictionary(f => f.Family, f => f.Fingerprint, StringComparer.Ordinal));

    /// <summary>The families whose fingerprint differs from <paramref name="other"/>'s, or that only one side has.</summary>
    public IReadOnlyList<string> DifferingFamilies(IReadOnlyDictionary<string, string> other)
    {
        if (!Known) return [];
        return [.. other.Keys.Union(Families!.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(f => !other.TryGetValue(f, out var a) || !Families!.TryGetValue(f, out var b) || a != b)];
    }
}
