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
    /// <param name="files">the folder's verified files by path (the figures are inlined from them); null: figures without their markup</param>
    public static PublishedExperiment Read(ResolvedSpec spec, string claimsPath, byte[] claimsJson, string manifestPath, byte[] manifestJson,
        IReadOnlyDictionary<string, byte[]>? files = null)
    {
        var claims = Parse(claimsPath, claimsJson);
        var manifest = Parse(manifestPath, manifestJson);

        var listed = Array(manifest, "artifacts").OfType<JsonObject>()
            .Select(a => new PublishedFile(Text(a, "path") ?? "", Number(a, "bytes") is { } b ? (long)b : 0, Number(a, "rows") is { } r ? (long)r : null))
            .Where(f => f.Path.Length > 0)
            .ToList();
        var svgs = listed.Where(f => IsFigure(f.Path)).Select(f => f.Path["figures/".Length..^".svg".Length]).ToList();
        // The spec's order reads better than the manifest's alphabetical one; a figure the spec no longer declares still shows.
        PublishedFigure Figure(string id, string title)
        {
            string svg = $"figures/{id}.svg";
            string markup = files is not null && files.TryGetValue(svg, out var bytes) ? InlineSvg.Of(Path.Combine(Path.GetDirectoryName(manifestPath)!, svg), bytes) : "";
            return new PublishedFigure(id, title, markup, listed.Any(f => f.Path == $"figures/{id}.pdf"));
        }
        var figures = spec.Figures.Where(f => svgs.Contains(f.Id)).Select(f => Figure(f.Id, f.Title))
            .Concat(svgs.Where(id => spec.Figures.All(f => f.Id != id)).Select(id => Figure(id, id)))
            .ToList();
        var data = listed.Where(f => !IsFigure(f.Path)).Append(new PublishedFile(Artifacts.ArtifactSet.ManifestFile, manifestJson.LongLength)).ToList();

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
        c["trend"] is JsonArray) { Detail = ReadDetail(c) };

    /// <summary>What a claim was made of; a field a claims.json lacks leaves its part of the details empty.</summary>
    static ClaimDetail ReadDetail(JsonObject c)
    {
        var trend = Array(c, "trend").OfType<JsonArray>()
            .Where(p => p.Count == 2 && Value(p[0]) is not null)
            .Select(p => new TrendPoint(Value(p[0])!.Value, Value(p[1]))).ToList();
        bool units = c["units"] is JsonArray;
        var rows = Array(c, units ? "units" : "sides").OfType<JsonObject>().Select(ReadUnit).ToList();
        double? measured = Number(c, "measured");
        // The row the measured value is: exactly one whose value it is (a max, a vote's worst), else none (a median of two).
        var matching = rows.Select((r, i) => (r, i)).Where(x => measured is { } m && x.r.Measured == m).ToList();
        string? compared = c["compare"] is JsonObject compare && compare.Count == 1 ? compare.First().Key
            : Text(c, "scaling") is { } law && law.IndexOf(" in ", StringComparison.Ordinal) is var at and >= 0 ? law[(at + 4)..] : null;
        string where = c["where"] is JsonObject w ? string.Join(", ", w.Select(p => $"{p.Key} = {Canonical.Text(p.Value)}")) : "";
        return new ClaimDetail(Text(c, "metric") ?? "", Text(c, "at") ?? "", Text(c, "reduce") ?? "", where,
            Number(c, "trials") is { } t ? (int)t : 0, Number(c, "diverged_trials") is { } d ? (int)d : 0,
            Number(c, units ? "holding_units" : "holding_trials") is { } h ? (int)h : null,
            c["tolerance"] is JsonObject tol ? Tolerance(tol) : null,
            units ? compared : null, units ? Text(c, "as") : rows.Count > 0 ? "ratio" : null,
            trend, rows, matching.Count == 1 ? matching[0].i : null) { RowsAreUnits = units };
    }

    static PublishedUnit ReadUnit(JsonObject u)
    {
        var point = u["point"] is JsonObject p ? p.Select(kv => $"{kv.Key} {Canonical.Text(kv.Value)}") : [];
        string label = string.Join(", ", point.Append(Number(u, "seed") is { } seed ? $"seed {Canonical.Number(seed)}" : "").Where(s => s.Length > 0));
        var values = Array(u, "values").OfType<JsonArray>().Where(v => v.Count == 2)
            .Select(v => (Canonical.Text(v[0]), Value(v[1]))).ToList();
        return new PublishedUnit(label, values, Number(u, "measured"));
    }

    static string Tolerance(JsonObject t)
    {
        var parts = new List<string>();
        if (Number(t, "abs") is { } abs && abs != 0) parts.Add($"abs {Canonical.Number(abs)}");
        if (Number(t, "rel") is { } rel && rel != 0) parts.Add($"rel {Canonical.Number(rel)}");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    static double? Value(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out double d) ? d : null;

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
