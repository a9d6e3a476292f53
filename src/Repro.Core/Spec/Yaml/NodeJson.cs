using System.Globalization;
using System.Text.Json.Nodes;

namespace Repro.Core.Spec.Yaml;

/// <summary>A YAML tree as JSON, typing plain scalars the way YAML 1.2's core schema does (for schema checks).</summary>
public static class NodeJson
{
    public static JsonNode? ToJson(Node node) => node switch
    {
        MapNode map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key.Text, ToJson(e.Value)))),
        SeqNode seq => new JsonArray([.. seq.Items.Select(ToJson)]),
        ScalarNode { IsNull: true } => null,
        ScalarNode { Plain: true, Text: "true" or "false" } s => JsonValue.Create(s.Text == "true"),
        ScalarNode { Plain: true } s when long.TryParse(s.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) => JsonValue.Create(l),
        ScalarNode { Plain: true } s when double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => JsonValue.Create(d),
        ScalarNode s => JsonValue.Create(s.Text),
        _ => throw new ArgumentException($"unexpected node {node.GetType().Name}"),
    };
}
