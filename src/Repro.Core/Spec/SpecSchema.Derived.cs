using System.Text.Json.Nodes;
using Repro.Core.Claims;
using Repro.Core.Derived;

namespace Repro.Core.Spec;

// `derived:` and the metric names claims and figures may use: a schema cannot know the names a spec derives, so a
// claim's `metric` and a figure's `y` take any name, and the whole-spec `if`/`then` holds them to the recorded
// metrics when there is no `derived:`.
public static partial class SpecSchema
{
    const string NamePattern = "^" + FormInput.MetricPattern + "$";

    static JsonObject Derived() => new()
    {
        ["type"] = "object",
        ["propertyNames"] = new JsonObject { ["pattern"] = NamePattern, ["maxLength"] = 64 },
        ["maxProperties"] = Binding.DerivedBinder.MaxCount,
        ["additionalProperties"] = new JsonObject
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = ExpressionParser.MaxLength }, new JsonObject { ["type"] = "number" }),
        },
        ["description"] = "new metrics computed after training from each recorded step: NAME: \"EXPRESSION\" over recorded metrics, "
            + $"step, seed, numeric config paths (optimizer.lr) and ref.REFERENCE.SCALAR, with + - * / ^ and {string.Join(", ", Functions.All.Select(f => f.Syntax))}",
    };

    /// <summary>One of <paramref name="names"/> (what the editor completes), or a name from `derived:`.</summary>
    static JsonObject MetricName(JsonArray names) => new()
    {
        ["anyOf"] = new JsonArray(new JsonObject { ["enum"] = names }, new JsonObject { ["type"] = "string", ["pattern"] = NamePattern }),
    };

    static JsonObject RecordedOnly(JsonArray metrics)
    {
        JsonObject Enum(bool step) => new() { ["enum"] = new JsonArray([.. metrics.Select(m => m!.DeepClone()), .. step ? new JsonNode[] { ClaimSpec.StepMetric } : []]) };
        JsonObject Items(string key, JsonObject value) => new()
        {
            ["type"] = "array",
            ["items"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [key] = value } },
        };
        return new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["claims"] = Items("metric", Enum(step: true)),
                ["figures"] = Items("y", new JsonObject
                {
                    ["anyOf"] = new JsonArray(Enum(step: false), new JsonObject { ["type"] = "array", ["items"] = Enum(step: false) }),
                }),
            },
        };
    }
}
