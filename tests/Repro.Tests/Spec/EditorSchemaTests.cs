using System.Text.Json.Nodes;
using Repro.Core.Spec.Yaml;
using Repro.Engine.Registry;
using Repro.Tests.Support;

namespace Repro.Tests.Spec;

/// <summary>
/// What an editor shows for a spec: the real yaml-language-server (VS Code's YAML extension) opens the
/// bundled specs and typo'd copies of one over stdio, reading the schema from their modeline, once for the
/// class; ajv compiles the schema in strict mode. Both from tools/schema-check, pinned by its lock file.
/// </summary>
public class EditorSchemaTests(EditorSchemaTests.LanguageServer server) : IClassFixture<EditorSchemaTests.LanguageServer>
{
    const string Base = "min-norm-regression.yaml";

    /// <summary>A copy of the base spec with <paramref name="Find"/> replaced, and what the editor must say: one diagnostic, at <paramref name="At"/>.</summary>
    public sealed record Typo(string Name, string Find, string Replace, string At, params string[] Says);

    static readonly Typo[] Typos =
    [
        new("unknown-kind", "optimizer: { kind: gd, lr: 0.04 }", "optimizer: { kind: adamm }", "adamm",
            [.. Registries.Catalog.Area("optimizer").Kinds.Select(k => $"\"{k.Name}\"")]),
        new("negative-lr", "optimizer: { kind: gd, lr: 0.04 }", "optimizer: { kind: adam, lr: -1 }", "-1", "minimum of 0"),
        new("sweep-not-a-number", "sweep:\n", "sweep:\n  optimizer.lr: [abc]\n", "abc", "Incorrect type", "number"),
        new("sweep-bad-param", "- { kind: normal, scale: 1.0 }", "- { kind: normal, scale: -1.0 }", "-1.0", "minimum of 0"),
        new("sweep-unknown-path", "sweep:\n", "sweep:\n  optimizer.lrr: [0.1]\n", "optimizer.lrr", "Property optimizer.lrr is not allowed"),
        new("unknown-key", "train: { steps: 600, log_every: 10 }", "train: { steps: 600, log_evry: 10 }", "log_evry", "Property log_evry is not allowed"),
        new("param-of-another-kind", "model: linear ", "model: { kind: linear, depth: 2 } ", "depth", "Property depth is not allowed"),
    ];

    /// <summary>Hover over a key of the base spec (the text after the marker's start) shows its doc and default.</summary>
    static readonly (string Key, string Says)[] Hovers =
    [
        ("lr: 0.04", "step size η (default 0.01)"),
        ("steps: 600", "number of optimizer steps (default 1000)"),
        ("n_train: 20", "training points (default 20)"),
    ];

    [NodeFact]
    public async Task Every_bundled_spec_opens_without_a_diagnostic()
    {
        var report = await server.Report.Value;
        foreach (var spec in server.Bundled)
            Assert.True(report.Diagnostics(spec).Count == 0, $"{spec}:\n{string.Join("\n", report.Diagnostics(spec))}");
    }

    [NodeFact]
    public async Task Each_typo_gets_one_diagnostic_at_the_typo()
    {
        var report = await server.Report.Value;
        foreach (var (typo, file) in server.Copies)
        {
            string text = File.ReadAllText(file);
            var diagnostics = report.Diagnostics(file);
            var diagnostic = Assert.Single(diagnostics);
            var (line, column) = LineAndColumn(text, text.IndexOf(typo.At, text.IndexOf(typo.Replace, StringComparison.Ordinal), StringComparison.Ordinal));
            Assert.True((diagnostic.Line, diagnostic.Column) == (line, column),
                $"{typo.Name}: expected the diagnostic at {line}:{column} ('{typo.At}'), got {diagnostic}");
            foreach (var words in typo.Says)
                Assert.True(diagnostic.Message.Contains(words, StringComparison.Ordinal), $"{typo.Name}: '{diagnostic.Message}' does not say {words}");
        }
    }

    [NodeFact]
    public async Task A_typo_in_a_kind_lists_every_kind_not_just_the_default()
    {
        var report = await server.Report.Value;
        string message = Assert.Single(report.Diagnostics(server.Copies.Single(c => c.Typo.Name == "unknown-kind").File)).Message;
        Assert.Contains("\"adam\"", message);
        Assert.Contains("\"sgd\"", message);
    }

    [NodeFact]
    public async Task Hover_on_a_parameter_shows_its_default()
    {
        var report = await server.Report.Value;
        foreach (var (key, says) in Hovers)
        {
            string? text = report.Hover(key);
            Assert.True(text is not null && text.Contains(says, StringComparison.Ordinal), $"hover on '{key}' shows: {text ?? "nothing"}; expected '{says}'");
        }
    }

    [NodeFact]
    public async Task Completion_inside_a_kind_offers_that_kinds_parameters_only()
    {
        var report = await server.Report.Value;

        // adam's, not adamw's too: `adam` is a prefix of `adamw`, which a `const` match would let through.
        var adam = Registries.Catalog.Area("optimizer").Kind("adam")!.Params.Select(p => p.Name);
        Assert.Equal(adam.Order(StringComparer.Ordinal), report.Completions(server.Completion).Order(StringComparer.Ordinal));
    }

    [NodeFact]
    public async Task The_schema_compiles_in_ajv_strict_mode_and_ajv_agrees_on_the_bundled_specs()
    {
        using var dir = new TempDir();
        var files = server.Bundled.Select(spec => dir.File(Path.GetFileNameWithoutExtension(spec) + ".json",
            NodeJson.ToJson(YamlReader.ReadFile(spec))!.ToJsonString())).ToList();
        var (code, stdout, stderr) = await NodeTools.RunScript("ajv-strict.js", [Repo.Path("schema", "spec.schema.json"), .. files]);
        Assert.True(code == 0, $"ajv-strict.js exited with {code}:\n{stdout}\n{stderr}");
        Assert.Equal(files.Count, stdout.Split('\n').Count(l => l.StartsWith("valid: ", StringComparison.Ordinal)));
    }

    [NodeFact]
    public async Task Ajv_rejects_a_typo_in_a_kind_too()
    {
        using var dir = new TempDir();
        string bad = dir.File("bad.json", """{ "name": "x", "optimizer": { "kind": "adam", "lr": 0.1, "momentum": 0.9 } }""");
        var (code, stdout, _) = await NodeTools.RunScript("ajv-strict.js", [Repo.Path("schema", "spec.schema.json"), bad]);
        Assert.Equal(1, code);
        Assert.Contains("must NOT have additional properties", stdout);
    }

    static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        Assert.True(offset >= 0, "marker not found");
        int line = 1 + text[..offset].Count(c => c == '\n');
        int column = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1) + 1;
        return (line, column);
    }

    public sealed record Diagnostic(int Line, int Column, string Message)
    {
        public override string ToString() => $"{Line}:{Column}: {Message}";
    }

    /// <summary>What lsp-check.js printed: diagnostics per file and the hover texts, in the order asked.</summary>
    public sealed class EditorReport(JsonNode json, string baseSpec, string baseText)
    {
        public IReadOnlyList<Diagnostic> Diagnostics(string file) =>
            json["files"]![file]?.AsArray().Select(d => new Diagnostic((int)d!["line"]!, (int)d["column"]!, (string)d["message"]!)).ToList()
            ?? throw new KeyNotFoundException($"the language server reported nothing for {file}");

        public IReadOnlyList<string> Completions(string file) =>
            [.. json["completions"]!.AsArray().Single(c => (string?)c!["file"] == file)!["labels"]!.AsArray().Select(l => (string)l!)];

        public string? Hover(string key)
        {
            var (line, column) = LineAndColumn(baseText, baseText.IndexOf(key, StringComparison.Ordinal));
            return json["hovers"]!.AsArray().Where(h => (string?)h!["file"] == baseSpec && (int)h["line"]! == line && (int)h["column"]! == column + 1)
                .Select(h => (string?)h!["text"]).FirstOrDefault();
        }
    }

    /// <summary>One language server run for the whole class: the bundled specs, the typo'd copies and the hovers.</summary>
    public sealed class LanguageServer : IDisposable
    {
        readonly TempDir dir = new();

        public IReadOnlyList<string> Bundled { get; } = Repo.SpecFiles();
        public IReadOnlyList<(Typo Typo, string File)> Copies { get; }
        /// <summary>A copy whose optimizer is adam, in block style, with the cursor on an empty key line.</summary>
        public string Completion { get; }
        public Lazy<Task<EditorReport>> Report { get; }

        public LanguageServer()
        {
            string baseSpec = Repo.Path("specs", Base);
            string baseText = File.ReadAllText(baseSpec);
            // The copies live outside specs/, so their modeline names the committed schema by its absolute URI.
            string modeline = "$schema=" + new Uri(Repo.Path("schema", "spec.schema.json")).AbsoluteUri;
            Copies = [.. Typos.Select(typo =>
            {
                Assert.True(baseText.Contains(typo.Find, StringComparison.Ordinal), $"{Base} no longer contains '{typo.Find}'");
                string text = baseText.Replace("$schema=../schema/spec.schema.json", modeline).Replace(typo.Find, typo.Replace);
                return (typo, dir.File(typo.Name + ".yaml", text));
            })];
            const string completing = "optimizer:\n  kind: adam\n  \n";
            string completionText = baseText.Replace("$schema=../schema/spec.schema.json", modeline)
                .Replace("optimizer: { kind: gd, lr: 0.04 }\n", completing);
            Completion = dir.File("completion.yaml", completionText);
            int completionLine = LineAndColumn(completionText, completionText.IndexOf(completing, StringComparison.Ordinal)).Line + 2;

            Report = new(async () =>
            {
                var args = new List<string> { "--complete", $"{Completion}:{completionLine}:3" };
                foreach (var (key, _) in Hovers)
                {
                    var (line, column) = LineAndColumn(baseText, baseText.IndexOf(key, StringComparison.Ordinal));
                    args.AddRange(["--hover", $"{baseSpec}:{line}:{column + 1}"]);
                }
                args.AddRange(Bundled);
                args.AddRange(Copies.Select(c => c.File));
                var (code, stdout, stderr) = await NodeTools.RunScript("lsp-check.js", args);
                Assert.True(code == 0, $"lsp-check.js exited with {code}:\n{stderr}");
                return new EditorReport(JsonNode.Parse(stdout)!, baseSpec, baseText);
            });
        }

        public void Dispose() => dir.Dispose();
    }
}
