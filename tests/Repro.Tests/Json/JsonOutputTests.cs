using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Json;

/// <summary>
/// `--json` on run, verify, plan, diff and history: one document on stdout, valid against its committed schema,
/// with the numbers the tables print and the published files hold.
/// </summary>
public class JsonOutputTests
{
    // Two claims: one that holds, one that cannot (a squared loss is never negative), so both verdicts and exit 1 appear.
    const string Spec = """
        name: jx
        data: { kind: gaussian-regression, n_train: 8, n_test: 16, features: 20, target: { kind: sparse-linear, nonzeros: 3, noise: 0.0 } }
        model: linear
        init: zeros
        optimizer: { kind: gd, lr: 0.05 }
        train: { steps: 20, log_every: 10 }
        seeds: [0, 1, 2]
        metrics: [train_loss]
        claims:
          - { id: small, metric: train_loss, reduce: max, expect: "< 0.5" }
          - { id: negative, metric: train_loss, reduce: mean, expect: "< 0" }
        """;

    sealed class Workspace : IDisposable
    {
        public readonly TempDir Temp = new();
        public string Cache => Path.Combine(Temp.Path, "cache");
        public string Results => Path.Combine(Temp.Path, "results");
        public string SpecFile => Path.Combine(Temp.Path, "jx.yaml");
        public string Folder => Path.Combine(Results, "jx");

        public Workspace(string yaml = Spec) => File.WriteAllText(SpecFile, yaml);

        public Task<ReproCli.Outcome> Cli(params string[] args) => ReproCli.Run([.. args, "--cache", Cache]);

        public Task<ReproCli.Outcome> Run(params string[] extra) => Cli(["run", SpecFile, "--results", Results, .. extra]);

        public void Dispose() => Temp.Dispose();
    }

    /// <summary>Stdout is exactly one JSON document that the command's schema accepts.</summary>
    static JsonObject Valid(string command, ReproCli.Outcome outcome)
    {
        var errors = OutputSchemas.Errors(command, outcome.Stdout);
        Assert.True(errors.Count == 0, $"{command} --json breaks schema/output/{command}.schema.json:\n  {string.Join("\n  ", errors)}\n{outcome.Stdout}");
        return JsonNode.Parse(outcome.Stdout)!.AsObject();
    }

    static Table Summary(string folder) => ParquetTable.Read(File.ReadAllBytes(Path.Combine(folder, "summary.parquet"))).Table;

    static double[] FinalTrainLoss(string folder) => [.. Summary(folder)["train_loss"].Values.Select(v => (double)v!)];

    [Fact]
    public async Task Run_prints_one_valid_document_whose_claims_are_the_published_tables_reduced()
    {
        using var w = new Workspace();
        var outcome = await w.Run("--json");
        Assert.Equal(1, outcome.ExitCode);
        var run = Valid("run", outcome);

        Assert.Equal(3, (int)run["trials"]!);
        Assert.Equal(3, (int)run["trained"]!);
        Assert.Equal(0, (int)run["from_cache"]!);
        Assert.False((bool)run["passed"]!);
        Assert.Equal(1, (int)run["exit_code"]!);
        Assert.True((bool)run["written"]!);

        // The measured values, computed here from the published summary table: the max and the mean of the final loss.
        double[] final = FinalTrainLoss(w.Folder);
        var claims = run["claims"]!.AsArray().ToDictionary(c => (string)c!["id"]!, c => c!.AsObject());
        Assert.Equal(final.Max(), (double)claims["small"]["measured"]!);
        Assert.Equal(final.Average(), (double)claims["negative"]["measured"]!, 15);
        Assert.Equal("pass", (string)claims["small"]["verdict"]!);
        Assert.Equal("fail", (string)claims["negative"]["verdict"]!);
        Assert.Equal(0.5, (double)claims["small"]["bound"]!);
        // The YAML position: the line of the claim's `- {` in the spec, column of the mapping.
        var yaml = File.ReadAllLines(w.SpecFile);
        int at = Array.FindIndex(yaml, l => l.Contains("id: negative", StringComparison.Ordinal)) + 1;
        Assert.Equal(at, (int)claims["negative"]["position"]!["line"]!);
        Assert.Equal(yaml[at - 1].IndexOf('{') + 1, (int)claims["negative"]["position"]!["column"]!);

        // And the same numbers as the published claims.json holds them.
        var published = JsonNode.Parse(File.ReadAllText(Path.Combine(w.Folder, ArtifactSet.ClaimsFile)))!["claims"]!.AsArray();
        foreach (var p in published)
            Assert.Equal((double)p!["measured"]!, (double)claims[(string)p["id"]!]["measured"]!);

        // A second run reads the cache; without --json it prints a line per claim: the document's verdict, sentence and position.
        var again = Valid("run", await w.Run("--json"));
        Assert.Equal(0, (int)again["trained"]!);
        Assert.Equal(3, (int)again["from_cache"]!);
        Assert.False((bool)again["written"]!);
        var lines = (await w.Run()).Stdout.Split('\n');
        foreach (var c in claims.Values)
        {
            var p = c["position"]!;
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var verdict, var id, ..]
                && verdict == ((string)c["verdict"]!).ToUpperInvariant() && id == (string)c["id"]!
                && l.EndsWith($"{c["description"]}  [{p["file"]}:{p["line"]}:{p["column"]}]", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_sharded_run_prints_a_valid_document_with_nothing_published()
    {
        using var w = new Workspace();
        var shard = Valid("run", await w.Run("--shard", "1/2", "--json"));
        Assert.Equal("1/2", (string)shard["shard"]!);
        Assert.Null(shard["published"]);
        Assert.Null(shard["passed"]);
        Assert.Empty(shard["claims"]!.AsArray());
        Assert.Equal((int)shard["trials"]!, (int)shard["trained"]!);
        Assert.False(Directory.Exists(w.Folder));
    }

    [Fact]
    public async Task Verify_prints_each_specs_verdict_claims_and_errors_with_the_tables_totals()
    {
        using var w = new Workspace();
        Assert.Equal(1, (await w.Run()).ExitCode);
        // A second spec with an unknown key: an error with its position, its claims not checked.
        string bad = Path.Combine(w.Temp.Path, "bad.yaml");
        File.WriteAllText(bad, Spec.Replace("name: jx", "name: jy").Replace("lr: 0.05", "lr: 0.05, lrr: 1"));
        var outcome = await w.Cli("verify", w.SpecFile, bad, "--results", w.Results, "--json");
        Assert.Equal(2, outcome.ExitCode);
        var verify = Valid("verify", outcome);

        var specs = verify["specs"]!.AsArray();
        var good = specs.Single(s => (string)s!["name"]! == "jx")!;
        Assert.Equal("fail", (string)good["verdict"]!);
        Assert.StartsWith("reused", (string)good["source"]!);
        double[] final = FinalTrainLoss(w.Folder);
        Assert.Equal(final.Max(), (double)good["claims"]!.AsArray().Single(c => (string)c!["id"]! == "small")!["measured"]!);

        var error = Assert.Single(specs.Single(s => (string)s!["file"]! == bad)!["errors"]!.AsArray())!;
        var badLines = File.ReadAllLines(bad);
        int line = Array.FindIndex(badLines, l => l.Contains("lrr", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, (int)error["position"]!["line"]!);
        Assert.Equal(badLines[line - 1].IndexOf("lrr", StringComparison.Ordinal) + 1, (int)error["position"]!["column"]!);
        Assert.StartsWith($"{bad}:{line}:", (string)error["message"]!);

        var totals = verify["totals"]!;
        Assert.Equal(2, (int)totals["specs"]!);
        Assert.Equal(2, (int)totals["claims"]!);
        Assert.Equal(1, (int)totals["passed"]!);
        Assert.Equal(1, (int)totals["failed"]!);
        Assert.Equal(1, (int)totals["not_checked"]!);
        Assert.Equal(2, (int)verify["exit_code"]!);

        // The table: one row per claim, with the document's texts and file:line.
        var table = await w.Cli("verify", w.SpecFile, "--results", w.Results);
        foreach (var c in good["claims"]!.AsArray())
        {
            string position = $"{c!["position"]!["file"]}:{c["position"]!["line"]}";
            var row = table.Stdout.Split('\n').Single(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["jx", var id, ..] && id == (string)c["id"]!);
            Assert.EndsWith(position, row.TrimEnd());
            Assert.Contains((string)c["measured_text"]!, row);
            Assert.Contains((string)c["verdict"]! == "pass" ? "PASS" : "FAIL", row);
        }
    }

    [Fact]
    public async Task Verify_under_github_actions_keeps_stdout_one_document_and_annotates_on_stderr()
    {
        using var w = new Workspace();
        await w.Run();
        var outcome = await ReproCli.RunWith(new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" },
            "verify", w.SpecFile, "--results", w.Results, "--cache", w.Cache, "--json");
        Valid("verify", outcome);
        Assert.Contains("::error file=", outcome.Stderr);
    }

    [Fact]
    public async Task Plan_names_each_trial_to_train_after_an_edit_with_the_nearest_cached_trial_and_counts()
    {
        using var w = new Workspace();
        var before = Valid("plan", await w.Cli("plan", w.SpecFile, "--json"));
        Assert.Equal(3, (int)before["counts"]!["to_train"]!);
        Assert.All(before["trials"]!.AsArray(), t => Assert.Null(t!["nearest_cached"]));

        await w.Run();
        var cached = Valid("plan", await w.Cli("plan", w.SpecFile, "--json"));
        Assert.Equal(3, (int)cached["counts"]!["cached"]!);
        // The keys are the published trials'.
        var keys = Summary(w.Folder)["trial"].Values.Select(v => (string)v!).ToHashSet();
        Assert.True(keys.SetEquals(cached["trials"]!.AsArray().Select(t => (string)t!["key"]!)));

        File.WriteAllText(w.SpecFile, Spec.Replace("lr: 0.05", "lr: 0.04"));
        var edited = Valid("plan", await w.Cli("plan", w.SpecFile, "--json"));
        Assert.Equal(3, (int)edited["counts"]!["to_train"]!);
        foreach (var t in edited["trials"]!.AsArray())
        {
            Assert.False((bool)t!["cached"]!);
            Assert.Contains((string)t["nearest_cached"]!, keys);
            Assert.Contains(t["changes"]!.AsArray(), c => ((string)c!).Contains("optimizer.lr", StringComparison.Ordinal));
        }
        // The table's last line gives the same counts.
        var table = await w.Cli("plan", w.SpecFile);
        Assert.Contains("3 trials, 0 cached, 3 to train", table.Stdout);
    }

    [Fact]
    public async Task History_and_diff_print_valid_documents_of_an_edit_that_agree_with_the_published_tables()
    {
        using var w = new Workspace();
        await w.Run();
        string first = File.ReadAllText(Path.Combine(w.Folder, ArtifactSet.ManifestFile));
        File.WriteAllText(w.SpecFile, Spec.Replace("lr: 0.05", "lr: 0.04"));
        await w.Run();

        var history = Valid("history", await w.Cli("history", "jx", "--json"));
        var entries = history["entries"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.Equal([1, 2], entries.Select(e => (int)e!["index"]!));
        string content = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(w.Folder, ArtifactSet.ManifestFile)))![ArtifactSet.ContentKey]!;
        Assert.Equal(content, (string)entries[1]!["content_sha256"]!);
        Assert.Equal((string)JsonNode.Parse(first)![ArtifactSet.ContentKey]!, (string)entries[0]!["content_sha256"]!);
        Assert.All(entries, e => Assert.Equal(1, (int)e!["claims_failed"]!));

        var outcome = await w.Cli("diff", "@-1", w.Folder, "--json");
        Assert.Equal(1, outcome.ExitCode);
        var diff = Valid("diff", outcome);
        Assert.False((bool)diff["identical"]!);
        var changed = diff["trials"]!["config_changed"]!.AsArray();
        Assert.Equal(3, changed.Count);
        Assert.All(changed, c => Assert.Contains(c!["leaves"]!.AsArray(), l => (string)l!["leaf"]! == "optimizer.lr" || (string)l!["leaf"]! == "optimizer_lr"));
        var mean = diff["claims"]!.AsArray().Single(c => (string)c!["id"]! == "negative")!;
        Assert.False((bool)mean["verdict_changed"]!);
        Assert.Equal(FinalTrainLoss(w.Folder).Average(), (double)mean["b_measured"]!, 15);

        var same = await w.Cli("diff", "@0", w.Folder, "--json");
        Assert.Equal(0, same.ExitCode);
        Assert.True((bool)Valid("diff", same)["identical"]!);
    }

    [Fact]
    public void The_schemas_reject_a_document_that_lacks_a_field_or_has_a_stray_one()
    {
        // Without this, a schema whose $refs resolved to nothing would accept anything.
        string claim = """
            { "id": "c", "metric": "m", "where": {}, "at": "final", "reduce": "max", "expect": "< 1", "bound": 1, "measured": 0.5,
              "measured_text": "0.5", "expected_text": "< 1", "trials": 1, "diverged_trials": 0, "holding": null, "voters": null,
              "verdict": "pass", "description": "m = 0.5", "position": { "file": "x.yaml", "line": 3, "column": 5 } }
            """;
        string Run(string c) => $$"""
            { "spec": "x", "file": "x.yaml", "trials": 1, "trained": 1, "from_cache": 0, "damaged_cache_entries": 0, "trained_here": 1, "workers": 1,
              "launcher": "local", "job": null, "shard": null, "cache": "c", "published": "r/x", "written": true, "seconds": 0.1, "passed": true, "exit_code": 0, "claims": [{{c}}] }
            """;
        Assert.Empty(OutputSchemas.Errors("run", Run(claim)));
        Assert.NotEmpty(OutputSchemas.Errors("run", Run(claim.Replace("\"verdict\": \"pass\",", ""))));
        Assert.NotEmpty(OutputSchemas.Errors("run", Run(claim.Replace("\"line\": 3", "\"line\": 0"))));
        Assert.NotEmpty(OutputSchemas.Errors("run", Run(claim.Replace("\"id\": \"c\",", "\"id\": \"c\", \"extra\": 1,"))));
        Assert.NotEmpty(OutputSchemas.Errors("run", Run(claim).Replace("\"exit_code\": 0", "\"exit_code\": 2")));
    }

    [NodeFact]
    public async Task Ajv_in_strict_mode_compiles_every_output_schema_and_accepts_each_commands_document()
    {
        // A second implementation (ajv, draft 2020-12), so that the schemas do not only suit JsonSchema.Net.
        using var w = new Workspace();
        var documents = new Dictionary<string, string>
        {
            ["plan"] = (await w.Cli("plan", w.SpecFile, "--json")).Stdout,
            ["run"] = (await w.Run("--json")).Stdout,
            ["verify"] = (await w.Cli("verify", w.SpecFile, "--results", w.Results, "--json")).Stdout,
            ["history"] = (await w.Cli("history", "--json")).Stdout,
            ["diff"] = (await w.Cli("diff", "@0", w.Folder, "--json")).Stdout,
        };
        foreach (var (command, document) in documents)
        {
            string file = w.Temp.File(command + ".json", document);
            var (code, stdout, stderr) = await NodeTools.RunScript("ajv-strict.js",
                ["--refs", OutputSchemas.Folder, Path.Combine(OutputSchemas.Folder, command + ".schema.json"), file]);
            Assert.True(code == 0, $"ajv-strict.js on {command} exited with {code}:\n{stdout}\n{stderr}");
            Assert.Contains($"valid: {file}", stdout);
        }
        // And it rejects what the schema forbids: a claim without its verdict.
        var broken = JsonNode.Parse(documents["run"])!;
        broken["claims"]![0]!.AsObject().Remove("verdict");
        string bad = w.Temp.File("bad.json", broken.ToJsonString());
        var rejected = await NodeTools.RunScript("ajv-strict.js", ["--refs", OutputSchemas.Folder, Path.Combine(OutputSchemas.Folder, "run.schema.json"), bad]);
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("verdict", rejected.Stdout);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("verify")]
    [InlineData("plan")]
    [InlineData("diff")]
    [InlineData("history")]
    public async Task Each_command_with_json_has_a_draft_2020_12_schema(string command)
    {
        var help = await ReproCli.Run(command, "--help");
        Assert.Contains("--json", help.Stdout);
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(OutputSchemas.Folder, command + ".schema.json")))!;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string)schema["$schema"]!);
        Assert.Equal($"repro {command} --json", (string)schema["title"]!);
    }
}
