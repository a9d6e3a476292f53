using System.Text.Json.Nodes;
using Repro.Core.Catalog;
using Repro.Core.Claims;
using Repro.Core.Figures;
using Repro.Core.Spec.Forms;

namespace Repro.Core.Spec;

/// <summary>
/// A JSON Schema (draft 7) of the spec language, generated from the catalog, so editors complete and
/// check specs (`# yaml-language-server: $schema=...`). The loader stays the authority: it also checks
/// what a schema cannot say (cross-field bounds, claim filters that match no trial).
/// </summary>
public static class SpecSchema
{
    public static JsonObject Generate(KindCatalog catalog)
    {
        var definitions = new JsonObject();
        foreach (var area in catalog.Areas.OrderBy(a => a.Name, StringComparer.Ordinal))
            definitions[area.Name] = Area(area);

        string roots = string.Join("|", SpecBinder.TrialKeys);
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
                ["sweep"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "dotted path -> list of values; every combination is a sweep point. `a.b+c.d: [[1, 2], [3, 4]]` varies two paths together",
                    ["propertyNames"] = new JsonObject { ["pattern"] = $"^({roots})(\\.[a-z0-9_]+)*( *\\+ *({roots})(\\.[a-z0-9_]+)*)*$" },
                    ["additionalProperties"] = new JsonObject { ["type"] = "array", ["minItems"] = 1 },
                },
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

    // A component is a kind name, or a mapping whose `kind` picks the parameters (the default kind may omit it).
    static JsonObject Area(AreaInfo area)
    {
        var variants = new JsonArray(new JsonObject { ["enum"] = new JsonArray([.. area.Kinds.Select(k => (JsonNode)k.Name)]) });
        foreach (var kind in area.Kinds)
        {
            // enum rather than const: older validators (and some editors) ignore const.
            var properties = new JsonObject { ["kind"] = new JsonObject { ["enum"] = new JsonArray(kind.Name) } };
            foreach (var p in kind.Params) properties[p.Name] = Param(p);
            var variant = new JsonObject
            {
                ["type"] = "object",
                ["description"] = kind.Doc,
                ["additionalProperties"] = false,
                ["properties"] = properties,
            };
            if (kind.Name != area.DefaultKind) variant["required"] = new JsonArray("kind");
            variants.Add(variant);
        }
        return new JsonObject { ["anyOf"] = variants };
    }

    static JsonObject Fields(IEnumerable<ParamInfo> fields)
    {
        var properties = new JsonObject();
        foreach (var f in fields) properties[f.Name] = Param(f);
        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    static JsonObject Param(ParamInfo p)
    {
        var schema = p.Type switch
        {
            ParamType.Int => new JsonObject { ["type"] = "integer" },
            ParamType.Double => new JsonObject { ["type"] = "number" },
            ParamType.Bool => new JsonObject { ["type"] = "boolean" },
            ParamType.Choice => new JsonObject { ["enum"] = new JsonArray([.. p.Choices.Select(c => (JsonNode)c)]) },
            _ => Ref(p.Area!),
        };
        if (p.Min is { } min) schema[p.MinExclusive ? "exclusiveMinimum" : "minimum"] = min;
        if (p.Max is { } max) schema["maximum"] = max;
        schema["description"] = p.Doc;
        if (p.Type != ParamType.Component) schema["default"] = Canonical.Value(p.Default);
        return schema;
    }

    // The forms' patterns and descriptions come from their registries (Claims/ClaimForms, Figures/FigureKinds).
    static JsonObject Claim(JsonArray metrics) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("id", "metric"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9_-]{0,63}$" },
            ["where"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") } },
            // `step` is the step itself, with an `at:` that finds one.
            ["metric"] = new JsonObject { ["enum"] = new JsonArray([.. metrics.Select(m => m!.DeepClone()), ClaimSpec.StepMetric]) },
            ["at"] = Forms(ClaimForms.At),
            ["reduce"] = Forms(ClaimForms.Reduce),
            ["expect"] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = $"^\\s*{ClaimForms.Expect.Alternation()}\\s*\\S",
                ["description"] = $"OP B, or OP F * other_metric [at {string.Join("|", ClaimForms.At.Where(a => a.InRatio).Select(a => a.Syntax))}] (the per-trial ratio against F); "
                    + ClaimForms.Expect.Descriptions(),
            },
            ["monotone"] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = $"^\\s*{ClaimForms.Monotone.Alternation()}\\s+in\\s+\\S+\\s*$",
                ["description"] = ClaimForms.Monotone.Descriptions(),
            },
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

    static JsonObject Forms<T>(FormRegistry<T> forms) where T : ISpecForm => new()
    {
        ["type"] = "string",
        ["pattern"] = $"^\\s*{forms.Alternation()}\\s*$",
        ["description"] = forms.Descriptions(),
    };

    static JsonObject Figure(JsonArray metrics)
    {
        var figure = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("id", "y"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9_-]{0,63}$" },
                ["kind"] = new JsonObject
                {
                    ["enum"] = new JsonArray([.. FigureKinds.All.Names.Select(n => (JsonNode)n)]),
                    ["default"] = FigureKinds.All.Default.Name,
                    ["description"] = string.Join("; ", FigureKinds.All.Select(k => $"{k.Name}: {k.Doc}")),
                },
                ["title"] = new JsonObject { ["type"] = "string" },
                ["where"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") } },
                ["x"] = new JsonObject { ["type"] = "string", ["description"] = string.Join("; ", FigureKinds.All.Select(k => $"{k.Name}: {k.XDoc}")) },
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
        // Kinds that count trials take no `y:`; every other kind (the default among them) requires one.
        var withoutY = FigureKinds.All.Where(k => !k.TakesY).Select(k => (JsonNode)k.Name).ToList();
        if (withoutY.Count > 0)
        {
            figure["required"] = new JsonArray("id");
            figure["anyOf"] = new JsonArray(
                new JsonObject { ["required"] = new JsonArray("y"), ["properties"] = new JsonObject { ["kind"] = new JsonObject { ["not"] = new JsonObject { ["enum"] = new JsonArray([.. withoutY.Select(n => n!.DeepClone())]) } } } },
                new JsonObject { ["required"] = new JsonArray("kind"), ["properties"] = new JsonObject { ["kind"] = new JsonObject { ["enum"] = new JsonArray([.. withoutY]) } }, ["not"] = new JsonObject { ["required"] = new JsonArray("y") } });
        }
        return figure;
    }
}
