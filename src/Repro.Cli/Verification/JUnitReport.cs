using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Repro.Cli.Verification;

/// <summary>
/// JUnit XML as CI systems read it: one testsuite per spec, one testcase per claim (a failed claim has a
/// &lt;failure&gt;, a spec that could not be checked an &lt;error&gt;), each with what the table shows in
/// &lt;system-out&gt;. Valid against Jenkins' strict junit-10.xsd, which allows no `file` or `line` on a testcase:
/// the suite's properties carry them (`file`, and `line.CASE` per testcase). <see cref="Attributes"/> adds them as
/// testcase attributes too, as pytest and GitLab write them (outside junit-10.xsd).
/// A testcase's time is its spec's time shared evenly by the spec's testcases (claims are checked together, so
/// none has a time of its own): the cases of a suite add up to the suite's time, as reporters that sum them expect.
/// </summary>
public static class JUnitReport
{
    public static XDocument Build(IReadOnlyList<SpecVerdict> verdicts, bool attributes = false)
    {
        var suites = verdicts.Select(v => Suite(v, attributes)).ToList();
        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "repro verify"),
                new XAttribute("time", Seconds(TimeSpan.FromTicks(verdicts.Sum(v => v.Elapsed.Ticks)))),
                new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
                new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
                new XAttribute("errors", suites.Sum(s => (int)s.Attribute("errors")!)),
                suites));
    }

    /// <summary>A testcase before it is rendered: its name, the YAML line it points at, its outcome and its output.</summary>
    sealed record Case(string Name, int Line, XElement? Outcome, string Output);

    static XElement Suite(SpecVerdict v, bool attributes)
    {
        var cases = v.Claims.Select(c => new Case(c.Claim.Id, c.Claim.Mark.Line,
            c.Passed ? null : new XElement("failure", new XAttribute("message", $"claim {c.Claim.Id} failed: {c.Describe()}"),
                new XAttribute("type", "ClaimFailed"), $"{v.File}:{c.Claim.Mark.Line}:{c.Claim.Mark.Column}: {c.Describe()}"),
            Output(v, c))).ToList();
        if (v.Errors.Count > 0)
            cases.Add(new Case("spec", v.Errors[0].Where.Line, new XElement("error", new XAttribute("message", v.Errors[0].ToString()),
                new XAttribute("type", "InvalidSpec"), string.Join("\n", v.Errors)), $"verdict: ERROR\n{v.Errors.Count} spec error(s)\n"));
        if (v.Failure is not null)
            cases.Add(new Case("run", 1, new XElement("error", new XAttribute("message", v.Failure), new XAttribute("type", "RunFailed"), v.Failure),
                $"verdict: ERROR\nrun failed: {v.Failure}\n"));

        var share = cases.Count == 0 ? TimeSpan.Zero : v.Elapsed / cases.Count;
        var properties = new List<XElement> { Property("file", v.File), Property("results", v.Source) };
        properties.AddRange(cases.Select(c => Property($"line.{c.Name}", c.Line.ToString(CultureInfo.InvariantCulture))));
        return new XElement("testsuite",
            new XAttribute("name", v.Name),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Outcome?.Name == "failure")),
            new XAttribute("errors", cases.Count(c => c.Outcome?.Name == "error")),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(v.Elapsed)),
            new XAttribute("file", v.File),
            new XElement("properties", properties),
            cases.Select(c => new XElement("testcase",
                new XAttribute("name", c.Name),
                new XAttribute("classname", v.Name),
                new XAttribute("time", Seconds(share)),
                attributes ? new XAttribute("file", v.File) : null,
                attributes ? new XAttribute("line", c.Line) : null,
                c.Outcome,
                new XElement("system-out", c.Output))));
    }

    /// <summary>What the table shows of a claim, one fact a line, so a reporter's output pane reads like the table.</summary>
    static string Output(SpecVerdict v, Core.Claims.ClaimOutcome c) =>
        $"verdict: {(c.Passed ? "PASS" : "FAIL")}\n" +
        $"measured: {VerifyTable.Measured(c)}\n" +
        $"expected: {VerifyTable.Expected(c)}\n" +
        $"trials: {c.Trials}{(c.DivergedTrials > 0 ? $" ({c.DivergedTrials} diverged)" : "")}\n" +
        $"where: {v.File}:{c.Claim.Mark.Line}:{c.Claim.Mark.Column}\n" +
        $"{c.Describe()}\n";

    static XElement Property(string name, string value) => new("property", new XAttribute("name", name), new XAttribute("value", value));

    // junit-10.xsd's SUREFIRE_TIME: digits, then at most three decimals.
    static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    public static byte[] Bytes(XDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" }))
            document.Save(writer);
        return stream.ToArray();
    }
}
