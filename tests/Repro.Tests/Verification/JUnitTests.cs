using System.Globalization;
using System.Xml.Linq;
using Repro.Tests.Support;

namespace Repro.Tests.Verification;

/// <summary>
/// `repro verify --junit` checked by a real validator: libxml2's xmllint against Jenkins' strict junit-10.xsd
/// (verbatim, see junit-10.xsd.md), on tiny specs that train in a fraction of a second.
/// </summary>
public class JUnitTests
{
    /// <summary>The tiny spec with a claim that holds and one that cannot.</summary>
    const string Claims = """

        claims:
          - id: fits-the-data
            metric: train_loss
            expect: "< 1"
          - id: impossibly-small
            metric: train_loss
            expect: "< 1e-300"
        """;

    static readonly string StrictXsd = Repo.Path("tests", "Repro.Tests", "Verification", "junit-10.xsd");

    /// <summary>Verifies a passing-and-failing spec and a spec with an error into a JUnit file; returns its path.</summary>
    static async Task<string> VerifyTiny(TempDir temp, params string[] extra)
    {
        string good = temp.File("tiny.yaml", Specs.Tiny + Claims);
        string bad = temp.File("bad.yaml", Specs.Tiny.Replace("name: tiny", "name: bad").Replace("lr: 0.05", "lr: -1"));
        string junit = Path.Combine(temp.Path, "out", "verify.xml");
        var outcome = await ReproCli.Run(["verify", "--results", Path.Combine(temp.Path, "results"), "--junit", junit, .. extra, good, bad]);
        Assert.Equal(2, outcome.ExitCode); // the bad spec's exit code outranks the failed claim's
        return junit;
    }

    [XmllintFact]
    public async Task The_JUnit_file_passes_xmllint_against_the_strict_Jenkins_schema()
    {
        using var temp = new TempDir();
        string junit = await VerifyTiny(temp);

        var (code, output) = Xmllint.Validate(StrictXsd, junit);
        Assert.True(code == 0, $"xmllint rejected {junit}:\n{output}\n{File.ReadAllText(junit)}");
        Assert.Contains("validates", output);
    }

    [Fact]
    public async Task Each_testcase_has_its_line_in_the_suite_properties_its_measured_value_in_system_out_and_a_share_of_the_suite_time()
    {
        using var temp = new TempDir();
        var document = XDocument.Load(await VerifyTiny(temp));

        var tiny = document.Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "tiny");
        var properties = tiny.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        var lines = File.ReadAllLines(Path.Combine(temp.Path, "tiny.yaml"));
        Assert.Equal(Path.Combine(temp.Path, "tiny.yaml"), properties["file"]);
        Assert.Equal(Array.FindIndex(lines, l => l.Contains("id: impossibly-small", StringComparison.Ordinal)) + 1, int.Parse(properties["line.impossibly-small"], CultureInfo.InvariantCulture));

        var cases = tiny.Elements("testcase").ToList();
        Assert.Equal(["fits-the-data", "impossibly-small"], cases.Select(c => (string)c.Attribute("name")!));
        Assert.All(cases, c => Assert.Null(c.Attribute("file"))); // strict by default
        Assert.Null(cases[0].Element("failure"));
        Assert.NotNull(cases[1].Element("failure"));
        string failed = (string)cases[1].Element("system-out")!;
        Assert.Contains("verdict: FAIL", failed);
        Assert.Contains("expected: < 1e-300", failed);
        Assert.Contains("trials: 2", failed);
        Assert.Matches(@"measured: \d\.\d+e-\d+", failed);
        Assert.Contains("verdict: PASS", (string)cases[0].Element("system-out")!);

        double suite = double.Parse((string)tiny.Attribute("time")!, CultureInfo.InvariantCulture);
        var times = cases.Select(c => double.Parse((string)c.Attribute("time")!, CultureInfo.InvariantCulture)).ToList();
        Assert.True(suite > 0, "the spec trained, so its suite took time");
        Assert.Equal(suite, times.Sum(), 0.002);   // shared evenly, rounded to milliseconds
        Assert.Equal(times[0], times[1]);

        var bad = document.Root.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "bad");
        Assert.Equal("InvalidSpec", (string)bad.Element("testcase")!.Element("error")!.Attribute("type")!);
        Assert.Equal("1", (string)bad.Attribute("errors")!);
    }

    [XmllintFact]
    public async Task Junit_attributes_add_file_and_line_to_testcases_which_the_strict_schema_rejects()
    {
        using var temp = new TempDir();
        string junit = await VerifyTiny(temp, "--junit-attributes");

        var failed = XDocument.Load(junit).Descendants("testcase").Single(c => (string)c.Attribute("name")! == "impossibly-small");
        var lines = File.ReadAllLines(Path.Combine(temp.Path, "tiny.yaml"));
        Assert.Equal(Path.Combine(temp.Path, "tiny.yaml"), (string)failed.Attribute("file")!);
        Assert.Equal(Array.FindIndex(lines, l => l.Contains("id: impossibly-small", StringComparison.Ordinal)) + 1, (int)failed.Attribute("line")!);

        // The loosened schema (junit.xsd) allows them; Jenkins' does not, which is why they are opt-in.
        Assert.Equal(0, Xmllint.Validate(Repo.Path("tests", "Repro.Tests", "Verification", "junit.xsd"), junit).ExitCode);
        var (strict, output) = Xmllint.Validate(StrictXsd, junit);
        Assert.NotEqual(0, strict);
        Assert.Contains("attribute 'file'", output);
    }

    [Fact]
    public async Task Junit_attributes_without_a_JUnit_file_is_a_usage_error()
    {
        using var temp = new TempDir();
        string good = temp.File("tiny.yaml", Specs.Tiny + Claims);
        var outcome = await ReproCli.Run("verify", "--results", temp.Path, "--junit-attributes", good);

        Assert.Equal(2, outcome.ExitCode);
        var error = Assert.Single(outcome.ErrorLines);
        Assert.Contains("--junit-attributes", error);
        Assert.Contains("--junit FILE", error);
        Assert.Empty(outcome.Stdout);
    }
}
