using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Cli.Json;

/// <summary>
/// `--json`: a command prints one JSON document on stdout instead of its table (logs stay on stderr), described by
/// a schema under schema/output/. Numbers that are not finite are null: JSON has no NaN or infinity.
/// </summary>
public static class JsonOutput
{
    static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // ≤, ±, × and the like as themselves: the document is for people too, and any JSON reader takes UTF-8.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, JsonNode document) => output.WriteLine(document.ToJsonString(Indented));

    /// <summary>A double as JSON: the number, or null when it is NaN or infinite.</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>A position in a spec: { file, line, column }.</summary>
    public static JsonObject Position(string file, int line, int column) => new()
    {
        ["file"] = file,
        ["line"] = line,
        ["column"] = column,
    };
}
