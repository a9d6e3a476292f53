using System.Text.RegularExpressions;
using Repro.Tests.Support;

namespace Repro.Tests.Report;

/// <summary>`repro report` over small hand-written published folders.</summary>
public partial class ReportCommandTests
{
    [GeneratedRegex(@"^(?<file>[^\n]+?):(?<line>\d+):(?<col>\d+): [^;\n]+; [^\n]+$")]
    private static partial Regex OneLineError();

    const string Spec = Specs.Tiny + """

        claims:
          - id: converges
            metric: dist_to_min_norm
            expect: "< 1e-8"
          - id: deliberately-wrong
            metric: train_loss
            expect: "> 1"
          - id: blew-up
            metric: train_loss
            expect: "< 1"
        """;

    // As `repro run` writes it, plus a field a later version might add: the reader must not mind it.
    const string Claims = """
        {
          "spec": "tiny",
          "spec_file": "tiny.yaml",
          "passed": false,
          "claims": [
            { "id": "converges", "line": 10, "column": 5, "expect": "< 1e-08", "measured": 3.5e-10, "trials": 2, "passed": true, "tolerance": 0.5 },
            { "id": "deliberately-wrong", "line": 13, "column": 5, "expect": "> 1", "measured": 0.25, "trials": 2, "passed": false, "bound": { "op": ">", "value": 1 } },
            { "id": "blew-up", "line": 16, "column": 5, "expect": "< 1", "measured": null, "trials": 2, "passed": false }
          ]
        }
        """;

    static (string Results, string Specs) Publish(TempDir temp, string name, bool withSpec = true)
    {
        string results = Path.Combine(temp.Path, "results"), specs = Path.Combine(temp.Path, "specs");
        Directory.CreateDirectory(specs);
        // Stand-in tables: the report reads only claims.json and the manifest, but the folder must check out.
        Published.Folder(Path.Combine(results, name), name, new Dictionary<string, byte[]>
        {
            ["claims.json"] = System.Text.Encoding.UTF8.GetBytes(Claims),
            ["metrics.parquet"] = new byte[12112],
            ["summary.parquet"] = new byte[100],
        });
        if (withSpec) File.WriteAllText(Path.Combine(specs, name + ".yaml"), Spec);
        return (results, specs);
    }

    [Fact]
    public async Task A_false_claim_shows_as_FAIL_in_both_files()
    {
        using var temp = new TempDir();
        var (results, specs) = Publish(temp, "tiny");

        var outcome = await ReproCli.Run("report", "--results", results, "--specs", specs);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("README.md", outcome.Stdout);
        Assert.Contains("index.html", outcome.Stdout);
        string readme = File.ReadAllText(Path.Combine(results, "README.md"));
        Assert.Contains("| PASS | `converges` | 3.5e-10 | `< 1e-08` | [10](../specs/tiny.yaml#L10) |", readme);
        Assert.Contains("| **FAIL** | `deliberately-wrong` | 0.25 | `> 1` | [13](../specs/tiny.yaml#L13) |", readme);
        Assert.Contains("| **FAIL** | `blew-up` | diverged | `< 1` | [16](../specs/tiny.yaml#L16) |", readme);
        Assert.Contains("| [tiny](#tiny) | **1 / 3** |", readme);

        string html = File.ReadAllText(Path.Combine(results, "index.html"));
        // Each claim is a row with its id; its name opens the details, the measured value and the spec line follow.
        string Row(string id) => Regex.Match(html, $"<tr class=\"claim (?:pass|fail)\" id=\"tiny--{id}\">.*?</tr>\n").Value;
        Assert.StartsWith("<tr class=\"claim pass\" id=\"tiny--converges\"><td><span class=\"verdict\">PASS</span></td><td><details class=\"how\"><summary><code>converges</code></summary>", Row("converges"));
        Assert.StartsWith("<tr class=\"claim fail\" id=\"tiny--deliberately-wrong\"><td><span class=\"verdict\">FAIL</span></td>", Row("deliberately-wrong"));
        Assert.EndsWith("<td class=\"num\">0.25</td><td><code>&gt; 1</code></td><td class=\"line\"><a href=\"../specs/tiny.yaml#L13\">line 13</a></td></tr>\n", Row("deliberately-wrong"));
        Assert.Contains("<td class=\"num\">diverged</td>", Row("blew-up"));
        Assert.StartsWith("<tr class=\"claim fail\"", Row("blew-up"));
        Assert.Contains("<details class=\"experiment fail\" id=\"tiny\"", html);
        Assert.Contains("<li id=\"nav-tiny\" data-name=\"tiny\" class=\"fail\"><a href=\"#tiny\">tiny</a> <span class=\"count\">1 / 3</span></li>", html);
        Assert.Contains("<span class=\"fail\">1 of 3 claims passed</span>", html);
        Assert.DoesNotContain('\r', readme + html);
    }

    [Fact]
    public async Task The_report_is_the_same_bytes_every_time()
    {
        using var temp = new TempDir();
        var (results, specs) = Publish(temp, "tiny");

        await ReproCli.Run("report", "--results", results, "--specs", specs);
        byte[] first = File.ReadAllBytes(Path.Combine(results, "index.html"));
        await ReproCli.Run("report", "--results", results, "--specs", specs);

        Assert.Equal(first, File.ReadAllBytes(Path.Combine(results, "index.html")));
        Assert.DoesNotContain(temp.Path, System.Text.Encoding.UTF8.GetString(first));
    }

    [Fact]
    public async Task A_published_folder_without_a_spec_exits_2_with_one_positioned_line_and_writes_nothing()
    {
        using var temp = new TempDir();
        var (results, specs) = Publish(temp, "ghost", withSpec: false);

        var outcome = await ReproCli.Run("report", "--results", results, "--specs", specs);

        Assert.Equal(2, outcome.ExitCode);
        string line = Assert.Single(outcome.ErrorLines);
        var match = OneLineError().Match(line);
        Assert.True(match.Success, $"not `file:line:col: problem; fix`: {line}");
        Assert.EndsWith(Path.Combine("ghost", "manifest.json"), match.Groups["file"].Value);
        Assert.Contains("have no spec", line);
        Assert.False(File.Exists(Path.Combine(results, "README.md")));
        Assert.False(File.Exists(Path.Combine(results, "index.html")));
    }
}
