using System.Text.Json;
using Json.Schema;

namespace Repro.Tests.Support;

/// <summary>
/// The committed schema/output/*.schema.json (draft 2020-12, JsonSchema.Net) applied to a command's `--json` document:
/// the failures that decide, one line each. The schemas reference common.schema.json beside them by relative path, so
/// all are built into one registry by their $id, as a user's validator loads the folder.
/// </summary>
static class OutputSchemas
{
    public static readonly string Folder = Repo.Path("schema", "output");

    // Every file names itself by its $id; building one registers it, so the others' relative $refs resolve against it.
    static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return Directory.GetFiles(Folder, "*.schema.json").OrderBy(f => Path.GetFileName(f) == "common.schema.json" ? 0 : 1)
            .ToDictionary(f => Path.GetFileName(f)[..^".schema.json".Length], f => JsonSchema.FromText(File.ReadAllText(f), options));
    });

    /// <summary>The schema of `repro COMMAND --json`.</summary>
    public static JsonSchema For(string command) => Schemas.Value[command];

    public static List<string> Errors(string command, string document)
    {
        using var parsed = JsonDocument.Parse(document);
        return SchemaCheck.Failures(For(command), parsed.RootElement);
    }
}
