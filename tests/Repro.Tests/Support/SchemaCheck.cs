using System.Text.Json;
using Json.Schema;
using Repro.Core.Spec.Yaml;

namespace Repro.Tests.Support;

/// <summary>The committed schema/spec.schema.json applied to a YAML text (JsonSchema.Net, full draft 7): the keywords that failed.</summary>
static class SchemaCheck
{
    static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Repo.Path("schema", "spec.schema.json"))));

    public static List<string> Errors(string yaml, string file = "x.yaml")
    {
        var instance = JsonSerializer.SerializeToElement(NodeJson.ToJson(YamlReader.Read(yaml, file)));
        return Failures(Schema.Value, instance);
    }

    /// <summary>What a schema says of an instance: the keywords that failed, one line each (empty when it holds).</summary>
    public static List<string> Failures(JsonSchema schema, JsonElement instance)
    {
        var errors = new List<string>();
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        Collect(results, errors);
        // Some keywords (a failed `not`, an `anyOf`) fail without a message of their own.
        if (!results.IsValid && errors.Count == 0) errors.Add("invalid (no message)");
        return errors;
    }

    // Only failures that decide: below a node that holds (an anyOf with one good branch), failures mean nothing.
    static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.IsValid) return;
        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            errors.Add($"{node.InstanceLocation}: {keyword}: {message}");
        foreach (var child in node.Details ?? []) Collect(child, errors);
    }
}
