using System.Net;
using System.Text.RegularExpressions;
using Repro.Cli.Commands;
using Repro.Core.Report;
using Repro.Tests.Support;

namespace Repro.Tests.Report;

/// <summary>
/// results/README.md and results/index.html are committed: they must be exactly what `repro report` makes of
/// the committed results, and every link and image in them must lead to a file in the checkout.
/// </summary>
public partial class PublishedReportTests
{
    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownTarget();

    [GeneratedRegex(@"\b(?:href|src)=""([^""]*)""")]
    private static partial Regex HtmlTarget();

    [GeneratedRegex(@"^## (\S+)$", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"\bid=""([^""]*)""")]
    private static partial Regex HtmlId();

    static readonly string Results = Repo.Path("results");

    [Fact]
    public void The_committed_report_is_what_the_committed_results_give()
    {
        var built = ReportBuilder.Build(ReportCommand.Gather(Results, Repo.Path("specs")));
        var problems = new List<string>();
        foreach (var (name, bytes) in new[] { (ReportFiles.ReadmeFile, built.Readme), (ReportFiles.HtmlFile, built.Html) })
        {
            string verified = Path.Combine(Results, name), received = Received.PathFor(verified);
            if (File.Exists(verified) && File.ReadAllBytes(verified).AsSpan().SequenceEqual(bytes))
            {
                File.Delete(received);
                continue;
            }
            File.WriteAllBytes(received, bytes);
            problems.Add(File.Exists(verified)
                ? $"results/{name}: {SnapshotDiff.Describe(name, File.ReadAllBytes(verified), bytes)}"
                : $"results/{name}: not committed");
        }
        Assert.True(problems.Count == 0,
            "the committed report is out of date (received files written beside it; `make accept` or `make report` updates it):\n  "
            + string.Join("\n  ", problems));
    }

    [Fact]
    public void Every_link_and_image_in_the_readme_leads_to_a_file()
    {
        string page = File.ReadAllText(Path.Combine(Results, ReportFiles.ReadmeFile));
        var anchors = MarkdownHeading().Matches(page).Select(m => m.Groups[1].Value).ToHashSet();
        var targets = MarkdownTarget().Matches(page).Select(m => m.Groups[1].Value).ToList();
        AssertAllLead(ReportFiles.ReadmeFile, targets, anchors);
    }

    [Fact]
    public void Every_link_and_image_in_the_page_leads_to_a_file()
    {
        string page = File.ReadAllText(Path.Combine(Results, ReportFiles.HtmlFile));
        var anchors = HtmlId().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToHashSet();
        var targets = HtmlTarget().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        AssertAllLead(ReportFiles.HtmlFile, targets, anchors);
    }

    /// <summary>Every figure under results/*/figures, relative to results/ (received copies aside).</summary>
    public static IReadOnlyList<string> PublishedFigures() => Directory.GetDirectories(Results)
        .SelectMany(dir => Directory.Exists(Path.Combine(dir, "figures")) ? Directory.GetFiles(Path.Combine(dir, "figures"), "*.svg") : [])
        .Where(f => !Path.GetFileName(f).Contains(".received.", StringComparison.Ordinal))
        .Select(f => Path.GetRelativePath(Results, f).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)
        .ToList();

    static void AssertAllLead(string page, IReadOnlyList<string> targets, IReadOnlySet<string> anchors)
    {
        var problems = new List<string>();
        foreach (var target in targets.Distinct())
        {
            if (target.StartsWith("data:", StringComparison.Ordinal)) continue; // inline: fetches nothing
            if (target.Contains(':') || target.StartsWith("//", StringComparison.Ordinal))
            {
                problems.Add($"{target}: not a relative link (the report must work offline)");
                continue;
            }
            int hash = target.IndexOf('#');
            string path = hash < 0 ? target : target[..hash], fragment = hash < 0 ? "" : target[(hash + 1)..];
            if (path.Length == 0)
            {
                if (!anchors.Contains(fragment)) problems.Add($"{target}: no such anchor in {page}");
                continue;
            }
            string file = Path.GetFullPath(Path.Combine(Results, Uri.UnescapeDataString(path)));
            if (!file.StartsWith(Repo.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
            {
                problems.Add($"{target}: no such file in the checkout");
                continue;
            }
            if (fragment.StartsWith('L') && int.TryParse(fragment[1..], out int line) && (line < 1 || line > File.ReadLines(file).Count()))
                problems.Add($"{target}: {path} has no line {line}");
        }
        // Every published figure must be shown, not just every shown figure published.
        problems.AddRange(PublishedFigures().Where(f => !targets.Contains(f)).Select(f => $"{f}: published but not in {page}"));

        Assert.True(targets.Count > 0, $"{page} has no links");
        Assert.True(problems.Count == 0, $"results/{page}:\n  " + string.Join("\n  ", problems));
    }
}
