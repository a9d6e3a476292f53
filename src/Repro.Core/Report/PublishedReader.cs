using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Spec;

namespace Repro.Core.Report;

/// <summary>
/// Reads a published folder's claims.json and manifest.json into a <see cref="PublishedExperiment"/>.
/// Defensive on purpose: fields may be added to claims.json later, so only the stable ones are read and
/// a missing one gets a neutral value instead of an error. Malformed JSON is an error at its position.
/// </summary>
public static class PublishedReader
{
    public static PublishedExperiment Read(ResolvedSpec spec, string claimsPath, byte[] claimsJson, string manifestPath, byte[] manifestJson)
    {
        var claims = Parse(claimsPath, claimsJson);
        var manifest = Parse(manifestPath, manifestJson);

        var files = Array(manifest, "artifacts").OfType<JsonObject>()
            .Select(a => new PublishedFile(Text(a, "path") ?? "", Number(a, "bytes") is { } b ? (long)b : 0, Number(a, "rows") is { } r ? (long)r : null))
            .Where(f => f.Path.Length > 0)
            .ToList();
        var svgs = files.Where(f => IsFigure(f.Path)).Select(f => f.Path["figures/".Length..^".svg".Length]).ToList();
        // The spec's order reads better than the manifest's alphabetical one; a figure the spec no longer declares still shows.
        var figures = spec.Figures.Where(f => svgs.Contains(f.Id)).Select(f => new PublishedFigure(f.Id, f.Title))
            .Concat(svgs.Where(id => spec.Figures.All(f => f.Id != id)).Select(id => new PublishedFigure(id, id)))
            .ToList();
        var data = files.Where(f => !IsFigure(f.Path)).Append(new PublishedFile(Artifacts.ArtifactSet.ManifestFile, manifestJson.LongLength)).ToList();

        return new PublishedExperiment(spec.Name, spec.Title, spec.Source, UnderSpecs(spec.File) ?? Text(claims, "spec_file") ?? Path.GetFileName(spec.File),
            [.. Array(claims, "claims").OfType<JsonObject>().Select(ReadClaim)], figures, data);
    }

    /// <summary>The spec's path below its `specs` folder ("papers/cohen-2021.yaml"), which the report links; null when it is not under one.</summary>
    static string? UnderSpecs(string file)
    {
        string full = Path.GetFullPath(file);
        for (var dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
            if (Path.GetFileName(dir) == "specs") return Path.GetRelativePath(dir, full).Replace('\\', '/');
        return null;
    }

    static PublishedClaim ReadClaim(JsonObject c) => new(
        Text(c, "id") ?? "(no id)",
        Number(c, "line") is { } line ? (int)line : 0,
        Text(c, "expect") ?? "",
        Number(c, "measured"),
        c["passed"] is JsonValue v && v.TryGetValue<bool>(out bool passed) && passed,
        c["trend"] is JsonArray);

    static bool IsFigure(string path) => path.StartsWith("figures/", StringComparison.Ordinal) && path.EndsWith(".svg", StringComparison.Ordinal);

    static JsonObject Parse(string path, byte[] json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new SpecException(new SpecError(Mark.StartOf(path), "not a JSON object", "regenerate it with `repro run`"));
        }
        catch (JsonException e)
        {
            var at = new Mark(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            throw new SpecException(new SpecError(at, "not valid JSON", "regenerate it with `repro run`"));
        }
    }

    static IEnumerable<JsonNode?> Array(JsonObject o, string key) => o[key] as JsonArray ?? [];

    static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    static double? Number(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<double>(out double d) ? d : null;
}
