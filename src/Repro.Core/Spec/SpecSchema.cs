using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core.Catalog;

namespace Repro.Core.Spec;

/// <summary>
/// A JSON Schema (draft 7) of the spec language, generated from the catalog, so editors complete and
/// check specs (`# yaml-language-server: $schema=...`). The loader stays the authority: it also checks
/// what a schema cannot say (cross-field bounds, claim filters that match no trial).
/// </summary>
public static partial class SpecSchema
{
    public static JsonObject Generate(KindCatalog catalog)
    {
        var definitions = new JsonObject();
        foreach (var area in catalog.Areas.OrderBy(a => a.Name, StringComparer.Ordinal))
            definitions[area.Name] = Area(area);

        var metricNames = new JsonArray([.. catalog.Metrics.Select(m => (JsonNode)m.Name)]);
        return new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "repro experiment spec",
            ["type"] = "object",
            ["required"] = new JsonArray("name"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9_-]{0,63}$", ["description"] = "names the folder under results/" },
                ["title"] = new JsonObject { ["type"] = "string" },
                ["source"] = new JsonObject { ["type"] = "string" },
                ["data"] = Ref("data"),
                ["model"] = Ref("model"),
                ["init"] = Ref("init"),
                ["optimizer"] = Ref("optimizer"),
                ["schedule"] = Ref("schedule"),
                ["loss"] = Ref("loss"),
                ["train"] = Fields(SpecFields.Train),
                ["seeds"] = new JsonObject
                {
                    ["type"] = "array", ["minItems"] = 1, ["uniqueItems"] = true,
                    ["items"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
                },
                ["device"] = Param(SpecFields.Device),
                ["dtype"] = Param(SpecFields.Dtype),
                ["sweep"] = Sweep(catalog),
                ["metrics"] = new JsonObject
                {
                    ["type"] = "array", ["minItems"] = 1, ["uniqueItems"] = true,
                    ["items"] = new JsonObject { ["enum"] = metricNames.DeepClone() },
                },
                ["claims"] = new JsonObject { ["type"] = "array", ["items"] = Claim(metricNames) },
                ["figures"] = new JsonObject { ["type"] = "array", ["items"] = Figure(metricNames) },
            },
            ["definitions"] = definitions,
        };
    }

    static JsonObject Ref(string area) => new() { ["$ref"] = $"#/definitions/{area}" };

    static JsonObject Fields(IEnumerable<ParamInfo> fields)
    {
        var properties = new JsonObject();
        foreach (var f in fields) properties[f.Name] = Param(f);
        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    /// <summary>A parameter's schema; its description names the default, since editors show it on hover.</summary>
    static JsonObject Param(ParamInfo p)
    {
        var schema = ValueSchema(p);
        schema["description"] = Words(p);
        schema["default"] = p.Type == ParamType.Component ? p.Default.ToString() : Canonical.Value(p.Default);
        return schema;
    }

    /// <summary>What values a parameter takes, without words: two kinds' `lr` are the same when these are.</summary>
    static JsonObject ValueSchema(ParamInfo p)
    {
        var schema = p.Type switch
        {
            ParamType.Int => new JsonObject { ["type"] = "integer" },
            ParamType.Double => new JsonObject { ["type"] = "number" },
            ParamType.Bool => new JsonObject { ["type"] = "boolean" },
            ParamType.Choice => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. p.Choices.Select(c => (JsonNode)c)]) },
            // draft 7 ignores keywords beside $ref, so the description and default need a wrapper.
            _ => new JsonObject { ["allOf"] = new JsonArray(Ref(p.Area!)) },
        };
        if (p.Min is { } min) schema[p.MinExclusive ? "exclusiveMinimum" : "minimum"] = min;
        if (p.Max is { } max) schema["maximum"] = max;
        return schema;
    }

    /// <summary>"step size η (default 0.01)": what hover shows for a parameter.</summary>
    static string Words(ParamInfo p) => $"{p.Doc} (default {DefaultText(p)})";

    static string DefaultText(ParamInfo p) => p.Default switch
    {
        double d => Canonical.Number(d),
        bool b => b ? "true" : "false",
        var o => Convert.ToString(o, CultureInfo.InvariantCulture)!,
    };

    // A `where:` value. anyOf rather than a union `type`: ajv's strict mode rejects union types.
    static JsonObject Scalar() => new()
    {
        ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" }, new JsonObject { ["type"] = "boolean" }),
    };

    static JsonObject Claim(JsonArray metrics) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("id", "metric"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9_-]{0,63}$" },
            ["where"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = Scalar() },
            // `step` is the step itself, with `at: first ...`.
            ["metric"] = new JsonObject { ["enum"] = new JsonArray([.. metrics.Select(m => m!.DeepClone()), "step"]) },
            ["at"] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = "^\\s*(final|min|max|step\\s+[0-9]+|first\\s+[a-z_][a-z0-9_]*\\s*(<=|>=|==|<|>)\\s*\\S+)\\s*$",
                ["description"] = "final, min, max, step N, or first METRIC OP NUMBER",
            },
            ["reduce"] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = "^\\s*(max|min|mean|median|all|any|quantile\\s+\\S+)\\s*$",
                ["description"] = "max, min, mean, median, quantile Q (0 <= Q <= 1), all, any",
            },
            ["expect"] = new JsonObject { ["type"] = "string", ["pattern"] = "^\\s*(<=|>=|==|<|>)\\s*\\S", ["description"] = "\"< 1e-6\", \"== 2\" (with a tolerance), or \"< 0.5 * other_metric [at step N]\"" },
            ["monotone"] = new JsonObject { ["type"] = "string", ["pattern"] = "^(increasing|decreasing) in \\S+$" },
            ["tolerance"] = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["minProperties"] = 1,
                ["properties"] = new JsonObject
                {
                    ["abs"] = new JsonObject { ["type"] = "number", ["minimum"] = 0 },
                    ["rel"] = new JsonObject { ["type"] = "number", ["minimum"] = 0 },
                },
            },
        },
    };

    static JsonObject Figure(JsonArray metrics) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("id", "y"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9_-]{0,63}$" },
            ["kind"] = new JsonObject
            {
                ["enum"] = new JsonArray("line", "scatter", "bar"),
                ["default"] = "line",
                ["description"] = "line: median over seeds with a min-max band; scatter: one marker per trial (final values); bar: grouped bars of the median final value over seeds, min-max whiskers",
            },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["where"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = Scalar() },
            ["x"] = new JsonObject { ["type"] = "string", ["description"] = "line: step, a recorded metric, or a swept path; scatter: a recorded metric or a numeric swept path; bar: a swept path (its values are the categories)" },
            ["y"] = new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["enum"] = metrics.DeepClone() },
                    new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["enum"] = metrics.DeepClone() } }),
            },
            ["series"] = new JsonObject { ["type"] = "string", ["description"] = "a dotted path (or seed): one line, marker colour or bar per value" },
            ["scale"] = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["properties"] = new JsonObject
                {
                    ["x"] = new JsonObject { ["enum"] = new JsonArray("linear", "log") },
                    ["y"] = new JsonObject { ["enum"] = new JsonArray("linear", "log") },
                },
            },
        },
    };
}
