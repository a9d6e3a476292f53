using System.Text.RegularExpressions;
using Repro.Core.Report;
using Repro.Tests.Support;

namespace Repro.Tests.Report;

/// <summary>Opens the committed results/index.html in headless Chromium: every figure must actually render.</summary>
public partial class ReportInBrowserTests
{
    // The page's own script writes these two attributes on <body> once the window has loaded.
    [GeneratedRegex(@"<body\b[^>]*\bdata-figures-loaded=""(\d+)""[^>]*\bdata-figures-total=""(\d+)""")]
    private static partial Regex FigureCounts();

    [ChromiumFact]
    public async Task Every_figure_on_the_page_loads_in_headless_chromium()
    {
        string dom = await Chromium.DumpDom(Repo.Path("results", ReportFiles.HtmlFile));

        var counts = FigureCounts().Match(dom);
        Assert.True(counts.Success, "no data-figures-loaded/data-figures-total on <body>: the page's load script did not run. DOM starts: "
            + dom[..Math.Min(400, dom.Length)]);
        int loaded = int.Parse(counts.Groups[1].Value), total = int.Parse(counts.Groups[2].Value);
        var published = PublishedReportTests.PublishedFigures();
        Assert.True(total == published.Count, $"the page shows {total} figures; results/*/figures holds {published.Count}");
        Assert.True(loaded == total, $"only {loaded} of {total} figures loaded; the broken ones are marked class=\"broken\" in the page");
    }
}
