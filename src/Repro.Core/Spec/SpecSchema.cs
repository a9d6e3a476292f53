using System.Globalization;
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
                ["train"] = Train(),
                ["eigensolver"] = Eigensolver(),
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
                ["derived"] = Derived(),
                ["artifacts"] = new JsonObject
                {
                    ["type"] = "array", ["uniqueItems"] = true,
                    ["items"] = new JsonObject { ["enum"] = new JsonArray([.. ArtifactKinds.All.Select(a => (JsonNode)a)]) },
                    ["description"] = "optional artifacts: weights publishes weights.parquet, every trial's final parameters",
                },
                ["claims"] = new JsonObject { ["type"] = "array", ["items"] = Claim(metricNames) },
                ["figures"] = new JsonObject { ["type"] = "array", ["items"] = Figure(metricNames) },
            },
            // Without `derived:`, claims and figures name recorded metrics only (what a schema can hold them to).
            ["if"] = new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray("derived"), ["properties"] = new JsonObject { ["derived"] = new JsonObject() } } },
            ["then"] = RecordedOnly(metricNames),
            ["definitions"] = definitions,
        };
    }

    // steps and log_every, and `until`, which is text the binder parses (a recorded metric, an order comparison, a number).
    static JsonObject Train()
    {
        var train = Fields(SpecFields.Train);
        train["properties"]!["until"] = new JsonObject
        {
            ["type"] = "string",
            ["pattern"] = @"^\s*[a-z][a-z0-9_]*\s*(<=|>=|<|>)\s*[-+0-9.eE]+\s*$",
            ["description"] = "stop a trial at the first recorded step where a recorded metric satisfies this, e.g. \"train_loss < 1e-6\"; `steps` is then the cap and steps_completed the step reached (default: none)",
        };
        return train;
    }

    static JsonObject Eigensolver()
    {
        var schema = Fields(SpecFields.Eigensolver);
        schema["description"] = "how sharpness and lambda_2 compute Hessian eigenvalues (default: power iteration, 100 iterations, tolerance 1e-7); enters the trial key only when written";
        return schema;
    }

    static JsonObject Ref(string area) => new() { ["$ref"] = $"#/definitions/{area}" };

    static JsonObject Fields(IEnumerable<ParamInfo> fields)
    {
        var properties = new JsonObject();
        foreach (var f in fields) properties[f.Name] = Param(f);
        var schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
        if (fields.Where(f => f.Required).Select(f => (JsonNode)f.Name).ToArray() is { Length: > 0 } required) schema["required"] = new JsonArray(required);
        return schema;
    }

    /// <summary>A parameter's schema; its description names the default, since editors show it on hover.</summary>
    static JsonObject Param(ParamInfo p)
    {
        var schema = ValueSchema(p);
        schema["description"] = Words(p);
        if (!p.IsList && !p.Required && p.Type != ParamType.File) schema["default"] = p.Type == ParamType.Component ? p.Default.ToString() : Canonical.Value(p.Default);
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
            ParamType.Vector => NumberList(p),
            ParamType.Matrix => new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = NumberList(p) },
            ParamType.Name => new JsonObject { ["type"] = "string", ["minLength"] = 1 },
            ParamType.Names => new JsonObject { ["type"] = "array", ["minItems"] = 1, ["uniqueItems"] = true, ["items"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 } },
            ParamType.File => new JsonObject { ["type"] = "string", ["pattern"] = "\\.(csv|parquet|CSV|PARQUET)$" },
            // draft 7 ignores keywords beside $ref, so the description and default need a wrapper.
            _ => new JsonObject { ["allOf"] = new JsonArray(Ref(p.Area!)) },
        };
        if (!p.IsList) Range(schema, p);
        return schema;
    }

    static void Range(JsonObject schema, ParamInfo p)
    {
        if (p.Min is { } min) schema[p.MinExclusive ? "exclusiveMinimum" : "minimum"] = min;
        if (p.Max is { } max) schema[p.MaxExclusive ? "exclusiveMaximum" : "maximum"] = max;
    }

    // A list of numbers, each within the parameter's range.
    static JsonObject NumberList(ParamInfo p)
    {
        var item = new JsonObject { ["type"] = "number" };
        Range(item, p);
        return new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = item };
    }

    /// <summary>"step size η (default 0.01)": what hover shows for a parameter.</summary>
    static string Words(ParamInfo p) => $"{p.Doc} (default {DefaultText(p)})";

    static string DefaultText(ParamInfo p) => p.Default switch
    {
        _ when p.Required => "none: required",
        Numbers { IsEmpty: true } or Names { IsEmpty: true } or DataFile { IsNone: true } => "none",
        double d => Canonical.Number(d),
        bool b => b ? "true" : "false",
        var o => Convert.ToString(o, CultureInfo.InvariantCulture)!,
    };

    // A `where:` value. anyOf rather than a union `type`: ajv's strict mode rejects union types.
    static JsonObject Scalar() => new()
    {
        ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" }, new JsonObject { ["type"] = "boolean" }),
    };

    // The forms' patterns and descriptions come from their registries (Claims/ClaimForms, Figures/FigureKinds).
    static JsonObject Claim(JsonArray metrics) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("id", "metric"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z0-9][a-z0-9_-]{0,63}$" },
            ["where"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = Scalar() },
            // `step` is the step itself, with an `at:` that finds one.
            ["metric"] = MetricName(new JsonArray([.. metrics.Select(m => m!.DeepClone()), ClaimSpec.StepMetric])),
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
            ["compare"] = new JsonObject
            {
                ["type"] = "object",
                ["minProperties"] = 1,
                ["maxProperties"] = 1,
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["minItems"] = 2, ["maxItems"] = 2, ["items"] = Scalar() },
                ["description"] = "{ PATH: [A, B] }: per pair of trials that differ only in a swept PATH (one seed), the value at A against that at B; "
                    + "{ step: [A, B] }: per trial, the value at step A against that at step B; combined by `as:`",
            },
            ["as"] = Forms(ClaimForms.As),
            ["scaling"] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = $"^\\s*{ClaimForms.Scaling.Alternation()}\\s+in\\s+\\S+\\s*$",
                ["description"] = ClaimForms.Scaling.Descriptions(),
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

    static JsonObject AxisStyle() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["title"] = new JsonObject { ["type"] = "string" },
            ["min"] = new JsonObject { ["type"] = "number" },
            ["max"] = new JsonObject { ["type"] = "number" },
        },
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
                ["where"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = Scalar() },
                ["x"] = new JsonObject { ["type"] = "string", ["description"] = string.Join("; ", FigureKinds.All.Select(k => $"{k.Name}: {k.XDoc}")) },
                ["y"] = new JsonObject
                {
                    ["anyOf"] = new JsonArray(
                        MetricName(metrics.DeepClone().AsArray()),
                        new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = MetricName(metrics.DeepClone().AsArray()) }),
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
                ["axes"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["description"] = "axis titles and limits (a log axis's limits above 0)",
                    ["properties"] = new JsonObject { ["x"] = AxisStyle(), ["y"] = AxisStyle() },
                },
                ["reference"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "dashed lines at a constant or an expression of numeric config values (e.g. 2 / optimizer.lr), one per value it takes",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["minProperties"] = 1,
                        ["maxProperties"] = 2,
                        ["properties"] = new JsonObject
                        {
                            // A number, or an expression's text: anyOf, since ajv's strict mode refuses a union `type`.
                            ["x"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "number" }, new JsonObject { ["type"] = "string" }) },
                            ["y"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "number" }, new JsonObject { ["type"] = "string" }) },
                            ["label"] = new JsonObject { ["type"] = "string" },
                        },
                        // One of x or y; each branch declares what it requires, as ajv's strict mode asks.
                        ["oneOf"] = new JsonArray(
                            new JsonObject { ["required"] = new JsonArray("x"), ["properties"] = new JsonObject { ["x"] = new JsonObject() } },
                            new JsonObject { ["required"] = new JsonArray("y"), ["properties"] = new JsonObject { ["y"] = new JsonObject() } }),
                    },
                },
                ["band"] = new JsonObject
                {
                    ["enum"] = new JsonArray("minmax", "iqr", "none"),
                    ["default"] = "minmax",
                    ["description"] = "line figures: the band around each median spans the trials' minimum to maximum, their interquartile range, or nothing",
                },
                ["size"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["description"] = "pixels (the PDF's points)",
                    ["properties"] = new JsonObject
                    {
                        ["width"] = new JsonObject { ["type"] = "integer", ["minimum"] = Figures.FigureStyle.MinSize, ["maximum"] = Figures.FigureStyle.MaxSize, ["default"] = Figures.FigureStyle.DefaultWidth },
                        ["height"] = new JsonObject { ["type"] = "integer", ["minimum"] = Figures.FigureStyle.MinSize, ["maximum"] = Figures.FigureStyle.MaxSize, ["default"] = Figures.FigureStyle.DefaultHeight },
                    },
                },
            },
        };
        // Kinds that count trials take no `y:`; every other kind (the default among them) requires one.
        var withoutY = FigureKinds.All.Where(k => !k.TakesY).Select(k => (JsonNode)k.Name).ToList();
        if (withoutY.Count > 0)
        {
            figure["required"] = new JsonArray("id");
            // if/then/else rather than anyOf: an editor then names the one rule broken, and ajv's strict mode
            // finds `y` declared beside each `required`.
            var y = new JsonObject { ["y"] = new JsonObject() };
            figure["if"] = new JsonObject { ["required"] = new JsonArray("kind"), ["properties"] = new JsonObject { ["kind"] = new JsonObject { ["enum"] = new JsonArray([.. withoutY]) } } };
            figure["then"] = new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray("y"), ["properties"] = y.DeepClone() } };
            figure["else"] = new JsonObject { ["required"] = new JsonArray("y"), ["properties"] = y.DeepClone() };
        }
        return figure;
    }
}
