using System.Text.Json.Nodes;
using Repro.Core.Report;
using Repro.Tests.Support;

namespace Repro.Tests.Report;

/// <summary>
/// Opens the committed results/index.html in headless Chromium (over the DevTools protocol): every inline figure renders,
/// the sidebar leads to every experiment, the filter and the collapse work, and the page reports no error.
/// </summary>
public class ReportInBrowserTests
{
    [ChromiumFact]
    public async Task The_committed_page_renders_every_figure_and_its_controls_work_without_errors()
    {
        await using var browser = await DevTools.Start();
        await browser.Navigate(new Uri(Repo.Path("results", ReportFiles.HtmlFile)).AbsoluteUri);
        await browser.Until("document.body.hasAttribute('data-figures-loaded')", TimeSpan.FromSeconds(30), "the page's load script ran");

        int Int(JsonNode? n) => (int)n!.GetValue<double>();
        int loaded = Int(await browser.Evaluate("Number(document.body.dataset.figuresLoaded)"));
        int total = Int(await browser.Evaluate("Number(document.body.dataset.figuresTotal)"));
        var published = PublishedReportTests.PublishedFigures();
        Assert.True(total == published.Count, $"the page shows {total} figures; results/*/figures holds {published.Count}");
        Assert.True(loaded == total, $"only {loaded} of {total} figures rendered; the broken ones are marked class=\"broken\" in the page");

        // The sidebar: one entry per experiment, each leading to its section.
        int experiments = Int(await browser.Evaluate("document.querySelectorAll('details.experiment').length"));
        Assert.Equal(Directory.GetDirectories(Repo.Path("results")).Count(d => File.Exists(Path.Combine(d, "manifest.json"))), experiments);
        Assert.Equal(experiments, Int(await browser.Evaluate(
            "Array.from(document.querySelectorAll('#nav a')).filter(a => document.getElementById(decodeURIComponent(a.hash.slice(1)))).length")));

        // The filter leaves exactly the failing claims (and their experiments) visible.
        const string VisibleClaims = "Array.from(document.querySelectorAll('tr.claim')).filter(r => r.offsetParent !== null).length";
        int claims = Int(await browser.Evaluate("document.querySelectorAll('tr.claim').length"));
        int failing = Int(await browser.Evaluate("document.querySelectorAll('tr.claim.fail').length"));
        Assert.Equal(claims, Int(await browser.Evaluate(VisibleClaims)));
        await browser.Evaluate("document.getElementById('failing-only').click()");
        Assert.Equal(failing, Int(await browser.Evaluate(VisibleClaims)));
        Assert.Equal(failing == 0 ? "block" : "none", (await browser.Evaluate("getComputedStyle(document.querySelector('.no-failing')).display"))!.ToString());
        await browser.Evaluate("document.getElementById('failing-only').click()");

        // Collapse all closes every experiment; a link into one opens it again.
        await browser.Evaluate("document.getElementById('collapse-all').click()");
        Assert.Equal(0, Int(await browser.Evaluate("document.querySelectorAll('details.experiment[open]').length")));
        await browser.Evaluate("location.hash = '#' + document.querySelector('details.experiment').id");
        await browser.Until("document.querySelector('details.experiment').open", TimeSpan.FromSeconds(10), "the linked experiment opens");

        Assert.True(browser.Errors.Count == 0, "the page reported errors:\n" + string.Join("\n", browser.Errors));
    }
}
