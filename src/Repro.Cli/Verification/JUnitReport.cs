using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Repro.Cli.Verification;

/// <summary>
/// JUnit XML as CI systems read it: one testsuite per spec, one testcase per claim (a failed claim has a
/// &lt;failure&gt;, a spec that could not be checked an &lt;error&gt;). Test cases carry `file` and `line`,
/// as pytest and GitLab write them, so reporters can link to the claim's line.
/// </summary>
public static class JUnitReport
{
    public static XDocument Build(IReadOnlyList<SpecVerdict> verdicts)
    {
        var suites = verdicts.Select(Suite).ToList();
        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "repro verify"),
                new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
                new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
                new XAttribute("errors", suites.Sum(s => (int)s.Attribute("errors")!)),
                new XAttribute("time", Seconds(TimeSpan.FromTicks(verdicts.Sum(v => v.Elapsed.Ticks)))),
                suites));
    }

    static XElement Suite(SpecVerdict v)
    {
        var cases = v.Claims.Select(c => Case(v, c.Claim.Id, c.Claim.Mark.Line,
            c.Passed ? null : new XElement("failure", new XAttribute("message", $"claim {c.Claim.Id} failed: {c.Describe()}"),
                new XAttribute("type", "ClaimFailed"), $"{v.File}:{c.Claim.Mark.Line}:{c.Claim.Mark.Column}: {c.Describe()}"))).ToList();
        if (v.Errors.Count > 0)
            cases.Add(Case(v, "spec", v.Errors[0].Where.Line, new XElement("error", new XAttribute("message", v.Errors[0].ToString()),
                new XAttribute("type", "InvalidSpec"), string.Join("\n", v.Errors))));
        if (v.Failure is not null)
            cases.Add(Case(v, "run", 1, new XElement("error", new XAttribute("message", v.Failure), new XAttribute("type", "RunFailed"), v.Failure)));

        return new XElement("testsuite",
            new XAttribute("name", v.Name),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", cases.Count(c => c.Element("error") is not null)),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(v.Elapsed)),
            new XAttribute("file", v.File),
            new XElement("properties", new XElement("property", new XAttribute("name", "results"), new XAttribute("value", v.Source))),
            cases);
    }

    static XElement Case(SpecVerdict v, string name, int line, XElement? outcome) => new("testcase",
        new XAttribute("classname", v.Name),
        new XAttribute("name", name),
        new XAttribute("file", v.File),
        new XAttribute("line", line),
        new XAttribute("time", "0"),
        outcome);

    static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    public static byte[] Bytes(XDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" }))
            document.Save(writer);
        return stream.ToArray();
    }
}
