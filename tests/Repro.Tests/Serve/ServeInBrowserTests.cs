using Repro.Tests.Support;

namespace Repro.Tests.Serve;

/// <summary>
/// `repro serve` in headless Chromium, driven over the DevTools protocol, beside a `repro watch`: the page loads, an edit
/// of the spec changes its claim on the page in place (no reload), and the page reports no error at any point.
/// </summary>
public class ServeInBrowserTests
{
    const string Spec = Specs.Tiny + """

        claims:
          - id: loss-is-small
            metric: train_loss
            expect: "< 1"
        figures:
          - id: loss
            title: Training loss
            y: train_loss
        """;

    [ChromiumFact]
    public async Task A_spec_edit_under_watch_changes_its_claim_on_the_page_without_a_reload()
    {
        using var temp = new TempDir();
        string specs = Path.Combine(temp.Path, "specs");
        Directory.CreateDirectory(specs);
        string spec = Path.Combine(specs, "tiny.yaml");
        File.WriteAllText(spec, Spec);
        using var watch = new WatchSession(spec, temp.Path);
        await Eventually.Contains(watch.Out, "tiny: trained 2 of 2 trials");
        await using var serve = await ServeSession.Start(Path.Combine(temp.Path, "results"), specs, Path.Combine(temp.Path, "cache"));
        await using var browser = await DevTools.Start();

        await browser.Navigate(serve.Url);
        await browser.Until("document.body.dataset.connected === 'true'", TimeSpan.FromSeconds(30), "the page's event stream connects");
        const string Claim = "document.getElementById('tiny--loss-is-small')";
        Assert.Equal("claim pass", (await browser.Evaluate($"{Claim}.className"))?.ToString());
        Assert.Equal(1, (int)(await browser.Evaluate("document.querySelectorAll('figure svg polyline').length > 0 ? 1 : 0"))!);
        // Anything the page keeps in memory is gone after a reload: this marks the page as loaded once.
        await browser.Evaluate("window.loadedOnce = 'yes'");

        File.WriteAllText(spec, Spec.Replace("\"< 1\"", "\"< 1e-300\"", StringComparison.Ordinal));
        await browser.Until($"{Claim} && {Claim}.className === 'claim fail'", TimeSpan.FromSeconds(90), "the edited claim shows as failing");

        Assert.Equal("yes", (await browser.Evaluate("window.loadedOnce"))?.ToString());
        Assert.Equal("FAIL", (await browser.Evaluate($"{Claim}.querySelector('.verdict').textContent"))?.ToString());
        Assert.Contains("< 1e-300", (await browser.Evaluate($"{Claim}.textContent"))?.ToString());
        Assert.Equal("fail", (await browser.Evaluate("document.getElementById('nav-tiny').className"))?.ToString());
        Assert.Equal("1 experiment, 0 of 1 claims passed", (await browser.Evaluate("document.getElementById('totals').textContent"))?.ToString());
        // The filter for failing claims is the page's own: with it on, the failing claim stays and nothing else is hidden that fails.
        await browser.Evaluate("document.getElementById('failing-only').click()");
        Assert.NotEqual("none", (await browser.Evaluate($"getComputedStyle({Claim}).display"))?.ToString());
        Assert.True(browser.Errors.Count == 0, "the page reported errors:\n" + string.Join("\n", browser.Errors));
        Assert.Equal(0, await serve.Stop());
        Assert.Equal(0, await watch.Stop());
    }
}
