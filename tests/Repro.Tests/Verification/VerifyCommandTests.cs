using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using System.Text.Json.Nodes;
using Repro.Tests.Support;

namespace Repro.Tests.Verification;

/// <summary>`repro verify`: the table, exit codes, JUnit XML and GitHub annotations, over the bundled specs.</summary>
public class VerifyCommandTests
{
    static readonly Dictionary<string, string> GitHub = new() { ["GITHUB_ACTIONS"] = "true" };

    /// <summary>A copy of a bundled spec with one claim's bound replaced; returns its path and the claim's line.</summary>
    static (string Path, int Line) WithBound(TempDir temp, string name, string claimId, string from, string to)
    {
        var lines = File.ReadAllLines(Repo.Spec(name));
        int claim = Array.FindIndex(lines, l => l.Contains($"id: {claimId}", StringComparison.Ordinal));
        int expect = Array.FindIndex(lines, claim, l => l.Contains(from, StringComparison.Ordinal));
        lines[expect] = lines[expect].Replace(from, to, StringComparison.Ordinal);
        string path = System.IO.Path.Combine(temp.Path, name + ".yaml");
        File.WriteAllLines(path, lines);
        return (path, claim + 1);
    }

    [Fact]
    public async Task Every_bundled_spec_verifies_from_its_published_results_without_training()
    {
        var outcome = await ReproCli.Run("verify", "--results", Repo.Path("results"), Repo.Path("specs"));
        Assert.Equal(0, outcome.ExitCode);
        int claims = Directory.GetDirectories(Repo.Path("results")).Select(d => System.IO.Path.Combine(d, "claims.json")).Where(File.Exists)
            .Sum(f => JsonNode.Parse(File.ReadAllText(f))!["claims"]!.AsArray().Count);
        int specs = Repo.SpecFiles().Count;   // specs/papers/ too: a folder means every spec under it
        Assert.Contains($"{specs} specs, {claims} claims: {claims} passed, 0 failed ({specs} from published results, 0 trained)", outcome.Stdout);
        Assert.Matches(@"(?m)^min-norm-regression\s+zero-init-reaches-min-norm\s+PASS\s+2\.\d+e-15\s+< 1e-06\s+\S*specs/min-norm-regression\.yaml:\d+$", outcome.Stdout);
        // A comparison with another metric shows where that metric is read (issue 15's fix: it used to drop "at step N").
        Assert.Matches(@"(?m)^early-stopping-ridge\s+\S+\s+PASS\s+\S+\s+< 0\.8 x test_loss at step 10000\s", outcome.Stdout);
    }

    [Fact]
    public async Task A_claim_made_false_exits_1_and_its_annotation_points_at_the_claim_line()
    {
        using var temp = new TempDir();
        var (spec, line) = WithBound(temp, "min-norm-regression", "zero-init-reaches-min-norm", "\"< 1e-6\"", "\"< 1e-20\"");
        var outcome = await ReproCli.RunWith(GitHub, "verify", "--results", Repo.Path("results"), spec);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Matches(@"(?m)^min-norm-regression\s+zero-init-reaches-min-norm\s+FAIL\s", outcome.Stdout);
        var annotation = Assert.Single(outcome.Stdout.Split('\n'), l => l.StartsWith("::error ", StringComparison.Ordinal));
        Assert.StartsWith($"::error file={spec},line={line},col=5,title=repro%3A claim zero-init-reaches-min-norm failed::dist_to_min_norm", annotation);
        Assert.Contains("expected < 1e-20", annotation);
    }

    [Fact]
    public async Task Under_GitHub_Actions_the_table_is_appended_to_the_job_summary()
    {
        using var temp = new TempDir();
        string summary = System.IO.Path.Combine(temp.Path, "summary.md");
        File.WriteAllText(summary, "earlier step\n");
        var environment = new Dictionary<string, string>(GitHub) { ["GITHUB_STEP_SUMMARY"] = summary };
        var outcome = await ReproCli.RunWith(environment, "verify", "--results", Repo.Path("results"), Repo.Path("specs", "single-neuron.yaml"));

        Assert.Equal(0, outcome.ExitCode);
        string text = File.ReadAllText(summary);
        Assert.StartsWith("earlier step\n## repro verify", text);
        Assert.Matches(@"\| single-neuron \| `zero-init-fits-the-data` \(\S*specs/single-neuron\.yaml:\d+\) \| ✅ pass \|", text);
        Assert.Contains("1 spec, 3 claims: 3 passed, 0 failed", text);
    }

    [Fact]
    public async Task Annotations_appear_only_under_GitHub_Actions()
    {
        using var temp = new TempDir();
        var (spec, _) = WithBound(temp, "min-norm-regression", "zero-init-reaches-min-norm", "\"< 1e-6\"", "\"< 1e-20\"");
        var outcome = await ReproCli.Run("verify", "--results", Repo.Path("results"), spec);
        Assert.Equal(1, outcome.ExitCode);
        Assert.DoesNotContain("::error", outcome.Stdout);
    }

    [Fact]
    public async Task The_JUnit_file_is_valid_JUnit_with_one_case_per_claim_and_a_failure_for_the_false_one()
    {
        using var temp = new TempDir();
        var (spec, line) = WithBound(temp, "single-neuron", "random-init-ends-elsewhere", "\"> 0.1\"", "\"> 100\"");
        string junit = System.IO.Path.Combine(temp.Path, "out", "verify.xml");
        var outcome = await ReproCli.Run("verify", "--results", Repo.Path("results"), "--junit", junit, spec, Repo.Path("specs", "min-norm-regression.yaml"));
        Assert.Equal(1, outcome.ExitCode);

        var schemas = new XmlSchemaSet();
        schemas.Add(null, Repo.Path("tests", "Repro.Tests", "Verification", "junit-10.xsd"));   // Jenkins' strict schema
        var problems = new List<string>();
        var document = XDocument.Load(junit);
        document.Validate(schemas, (_, e) => problems.Add(e.Message));
        Assert.Empty(problems);

        var suites = document.Root!.Elements("testsuite").ToList();
        Assert.Equal(["single-neuron", "min-norm-regression"], suites.Select(s => (string)s.Attribute("name")!));
        Assert.Equal(6, (int)document.Root.Attribute("tests")!);
        Assert.Equal(1, (int)document.Root.Attribute("failures")!);
        var failed = Assert.Single(document.Descendants("testcase"), c => c.Element("failure") is not null);
        Assert.Equal("random-init-ends-elsewhere", (string)failed.Attribute("name")!);
        var properties = failed.Parent!.Element("properties")!.Elements("property");
        Assert.Equal(line.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (string)properties.Single(p => (string)p.Attribute("name")! == "line.random-init-ends-elsewhere").Attribute("value")!);
        Assert.Contains("expected > 100", (string)failed.Element("failure")!.Attribute("message")!);
    }

    [Fact]
    public async Task A_bad_spec_among_good_ones_exits_2_and_the_others_are_still_checked()
    {
        using var temp = new TempDir();
        string bad = System.IO.Path.Combine(temp.Path, "bad.yaml");
        File.WriteAllText(bad, Specs.Tiny.Replace("lr: 0.05", "lr: -1"));
        var outcome = await ReproCli.RunWith(GitHub, "verify", "--results", Repo.Path("results"), bad, Repo.Path("specs", "single-neuron.yaml"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Matches(@"(?m)^single-neuron\s+zero-init-fits-the-data\s+PASS", outcome.Stdout);
        Assert.Contains($"ERROR {bad}:5:", outcome.Stdout);
        Assert.Contains($"::error file={bad},line=5,", outcome.Stdout);
    }

    [Fact]
    public async Task Published_results_that_do_not_match_their_manifest_are_not_reused()
    {
        using var temp = new TempDir();
        string results = System.IO.Path.Combine(temp.Path, "results");
        string published = System.IO.Path.Combine(results, "single-neuron");
        Directory.CreateDirectory(published);
        foreach (var file in Directory.GetFiles(Repo.Path("results", "single-neuron")))
            File.Copy(file, System.IO.Path.Combine(published, System.IO.Path.GetFileName(file)));
        var metrics = System.IO.Path.Combine(published, "metrics.parquet");
        var bytes = File.ReadAllBytes(metrics);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(metrics, bytes);

        var outcome = await ReproCli.Run("verify", "--results", results, Repo.Path("specs", "single-neuron.yaml"));
        Assert.Equal(0, outcome.ExitCode); // it trained instead, and the claims still hold
        Assert.Contains("(0 from published results, 1 trained)", outcome.Stdout);
    }
}
