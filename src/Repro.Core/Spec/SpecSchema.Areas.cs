using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Repro.Core.Catalog;

namespace Repro.Core.Spec;

// A component area (optimizer, init, ...): a kind name, or a mapping whose `kind` picks the parameters.
public static partial class SpecSchema
{
    /// <summary>
    /// `kind` is one enum of every kind of the area, so a typo is answered with the whole list; each kind's
    /// parameters sit in their own `if kind is X then ...` branch, whose `additionalProperties: false` sees
    /// that kind's keys only. An absent `kind` is the default kind, as in the loader.
    /// </summary>
    static JsonObject Area(AreaInfo area)
    {
        var branches = new JsonArray([.. area.Kinds.Select(kind => (JsonNode)KindBranch(area, kind))]);
        return new JsonObject
        {
            ["description"] = $"{area.Name}: a kind name, or a mapping whose `kind` picks the parameters (default {area.DefaultKind})",
            ["anyOf"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "string",
                    ["description"] = $"shorthand for `{{ kind: NAME }}`:{KindList(area)}",
                    ["enum"] = KindNames(area),
                },
                new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["kind"] = KindProperty(area) },
                    ["allOf"] = branches,
                }),
        };
    }

    static JsonObject KindProperty(AreaInfo area) => new()
    {
        ["type"] = "string",
        ["description"] = $"the {area.Name} kind (default {area.DefaultKind}):{KindList(area)}",
        ["default"] = area.DefaultKind,
        ["enum"] = KindNames(area),
    };

    static JsonObject KindBranch(AreaInfo area, KindInfo kind)
    {
        // An anchored pattern, not `const`: while completing, yaml-language-server takes a const that starts
        // with the value for a match, so `kind: adam` would also offer adamw's parameters.
        if (!SafeKindName().IsMatch(kind.Name))
            throw new InvalidOperationException($"kind name '{kind.Name}' would need escaping in the schema's pattern");
        var isKind = new JsonObject { ["type"] = "string", ["pattern"] = $"^{kind.Name}$" };
        var condition = new JsonObject { ["properties"] = new JsonObject { ["kind"] = isKind } };
        // `properties` alone also holds when `kind` is absent: right for the default kind only.
        if (kind.Name != area.DefaultKind) condition["required"] = new JsonArray("kind");

        var properties = new JsonObject { ["kind"] = new JsonObject { ["description"] = $"{kind.Name}: {kind.Doc}" } };
        foreach (var p in kind.Params) properties[p.Name] = Param(p);
        return new JsonObject
        {
            ["if"] = condition,
            ["then"] = new JsonObject
            {
                ["description"] = $"{area.Name} {kind.Name}: {kind.Doc}",
                ["properties"] = properties,
                ["additionalProperties"] = false,
            },
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex SafeKindName();

    static JsonArray KindNames(AreaInfo area) => new([.. area.Kinds.Select(k => (JsonNode)k.Name)]);

    // One kind a line: editors show each line of a description as a paragraph.
    static string KindList(AreaInfo area) => string.Join("", area.Kinds.Select(k => $"\n- {k.Name}: {k.Doc}"));
}
