using System.Text;

namespace Repro.Core.Report;

/// <summary>The two report files as bytes.</summary>
public sealed record ReportFiles(byte[] Readme, byte[] Html)
{
    public const string ReadmeFile = "README.md";
    public const string HtmlFile = "index.html";
}

/// <summary>
/// Builds results/README.md and results/index.html from the published experiments. Pure: the bytes depend
/// only on the inputs (no clock, no machine paths, invariant numbers, LF line endings), so a test can hold
/// the committed report to what the committed results give.
/// </summary>
public static class ReportBuilder
{
    public static ReportFiles Build(IEnumerable<PublishedExperiment> experiments)
    {
        // Ordinal name order, whatever order the caller found the folders in.
        var ordered = experiments.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        return new ReportFiles(Bytes(MarkdownReport.Render(ordered)), Bytes(HtmlReport.Render(ordered)));
    }

    // A checkout with CRLF conversion must not change the bytes of the raw-string parts.
    static byte[] Bytes(string text) => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ReplaceLineEndings("\n"));
}
