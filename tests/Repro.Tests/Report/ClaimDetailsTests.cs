using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Repro.Core.Report;
using Repro.Tests.Support;

namespace Repro.Tests.Report;

/// <summary>
/// A real run and report: claims.json keeps both sides of a ratio to another metric, and the report shows what each claim
/// was made of (a trend's value per point, a ratio's two sides, a comparison's units), with the figures inline. Every
/// number is recomputed here from the published metrics table.
/// </summary>
public class ClaimDetailsTests
{
    const string Spec = Specs.Tiny + """

        sweep: { optimizer.lr: [0.01, 0.02, 0.05] }
        claims:
          - id: loss-falls
            metric: train_loss
            reduce: max
            expect: "< 0.5 * train_loss at step 0"
          - id: faster-with-a-larger-step
            metric: train_loss
            monotone: decreasing in optimizer.lr
          - id: larger-step-ends-lower
            metric: train_loss
            compare: { optimizer.lr: [0.05, 0.01] }
            as: ratio
            reduce: max
            expect: "< 1"
        figures:
          - id: loss
            title: Training loss
            y: train_loss
            series: optimizer.lr
        """;

    static readonly Lazy<Task<(string Results, List<PublishedTables.Row> Rows, JsonArray Claims)>> Published = new(Publish);

    static async Task<(string, List<PublishedTables.Row>, JsonArray)> Publish()
    {
        var temp = new TempDir(); // kept for the class: the three tests read one run
        string specs = Path.Combine(temp.Path, "specs"), results = Path.Combine(temp.Path, "results");
        Directory.CreateDirectory(specs);
        string spec = Path.Combine(specs, "tiny.yaml");
        File.WriteAllText(spec, Spec);
        var run = await ReproCli.Run("run", spec, "--results", results, "--cache", Path.Combine(temp.Path, "cache"), "-q");
        Assert.True(run.ExitCode is 0 or 1, run.Stderr);
        var report = await ReproCli.Run("report", "--results", results, "--specs", specs);
        Assert.True(report.ExitCode == 0, report.Stderr);
        string folder = Path.Combine(results, "tiny");
        var claims = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "claims.json")))!["claims"]!.AsArray();
        return (results, PublishedTables.Metrics(folder), claims);
    }

    static JsonObject Claim(JsonArray claims, string id) => claims.OfType<JsonObject>().Single(c => c["id"]!.GetValue<string>() == id);

    static double Final(List<PublishedTables.Row> rows, string trial) => rows.Where(r => r.Trial == trial && r.Metric == "train_loss").MaxBy(r => r.Step)!.Value;

    [Fact]
    public async Task A_ratio_to_another_metric_keeps_both_sides_of_every_trial()
    {
        var (_, rows, claims) = await Published.Value;
        var claim = Claim(claims, "loss-falls");
        var sides = claim["sides"]!.AsArray().OfType<JsonObject>().ToList();
        var trials = rows.Select(r => r.Trial).Distinct().ToList();

        Assert.Equal(trials.Count, sides.Count);
        var fromTable = trials.Select(t => (Final(rows, t), rows.At(t, 0, "train_loss"))).ToList();
        var published = sides.Select(s => (s["values"]![0]![1]!.GetValue<double>(), s["values"]![1]![1]!.GetValue<double>())).ToList();
        Assert.Equal(fromTable.Order(), published.Order());
        Assert.All(sides, s => Assert.Equal(s["values"]![0]![1]!.GetValue<double>() / s["values"]![1]![1]!.GetValue<double>(), s["measured"]!.GetValue<double>()));
        Assert.Equal("train_loss", sides[0]["values"]![0]![0]!.GetValue<string>());
        Assert.Equal("train_loss at step 0", sides[0]["values"]![1]![0]!.GetValue<string>());
        Assert.Equal(fromTable.Max(p => p.Item1 / p.Item2), claim["measured"]!.GetValue<double>());
    }

    [Fact]
    public async Task The_report_shows_a_trends_value_at_every_point_and_a_ratios_two_sides()
    {
        var (results, rows, _) = await Published.Value;
        string readme = File.ReadAllText(Path.Combine(results, ReportFiles.ReadmeFile));
        string html = File.ReadAllText(Path.Combine(results, ReportFiles.HtmlFile));

        // The trend: the median over seeds of each step size's final loss, at every step size, recomputed from the table.
        var trials = rows.Select(r => r.Trial).Distinct().ToList();
        string Short(double v) => v.ToString("G4", CultureInfo.InvariantCulture).Replace("E-", "e-").Replace("E+", "e");
        var config = TrialsByLr(results);
        var points = new[] { 0.01, 0.02, 0.05 }.Select(lr =>
        {
            var finals = config.Where(c => c.Lr == lr).Select(c => Final(rows, c.Trial)).Order().ToList();
            return $"{lr.ToString(CultureInfo.InvariantCulture)}: {Short((finals[0] + finals[1]) / 2)}";
        });
        string trend = $"{string.Join(", ", points)} (0 steps against the trend)";
        Assert.Contains($"| PASS | `faster-with-a-larger-step` | {trend} |", readme);
        Assert.Contains($"<td class=\"num\">{trend}</td>", html);

        // The ratio: the worst trial's two sides.
        var worst = trials.Select(t => (Final: Final(rows, t), Start: rows.At(t, 0, "train_loss"))).MaxBy(p => p.Final / p.Start);
        Assert.Contains($" = {Short(worst.Final)} / {Short(worst.Start)}", Regex.Match(readme, @"\| `loss-falls` \|[^|]*\|").Value);

        // The comparison's units: both step sizes' values, per seed, under their own column.
        var compare = Regex.Match(html, "<tr class=\"claim [a-z]+\" id=\"tiny--larger-step-ends-lower\">.*?</tr>\n").Value;
        Assert.Contains("<th scope=\"col\"><code>optimizer.lr</code> 0.05</th><th scope=\"col\"><code>optimizer.lr</code> 0.01</th><th scope=\"col\">ratio</th>", compare);
        foreach (var seed in new[] { 0L, 1L })
        {
            double a = Final(rows, config.Single(c => c.Lr == 0.05 && c.Seed == seed).Trial), b = Final(rows, config.Single(c => c.Lr == 0.01 && c.Seed == seed).Trial);
            Assert.Contains($"<td>seed {seed}</td><td class=\"num\">{a.ToString("G6", CultureInfo.InvariantCulture).Replace("E-", "e-")}</td>" +
                $"<td class=\"num\">{b.ToString("G6", CultureInfo.InvariantCulture).Replace("E-", "e-")}</td>", compare);
        }
    }

    [Fact]
    public async Task The_page_holds_every_figure_inline_and_links_its_files()
    {
        var (results, _, _) = await Published.Value;
        string html = File.ReadAllText(Path.Combine(results, ReportFiles.HtmlFile));
        string svg = File.ReadAllText(Path.Combine(results, "tiny", "figures", "loss.svg"));

        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.Single(Regex.Matches(html, "<svg "));
        // The published figure's drawing, whole, with a viewBox so that the page can scale it.
        string body = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..].TrimEnd();
        Assert.Contains(body.Replace("<svg width=\"720\" height=\"450\"", "<svg viewBox=\"0 0 720 450\" width=\"720\" height=\"450\""), html);
        Assert.Contains("<a href=\"tiny/figures/loss.svg\">SVG</a> · <a href=\"tiny/figures/loss.pdf\">PDF</a>", html);
        Assert.Contains("<input type=\"checkbox\" id=\"failing-only\">", html);
    }

    /// <summary>Each trial's key, seed and step size, from the published trials table.</summary>
    static List<(string Trial, long Seed, double Lr)> TrialsByLr(string results)
    {
        var table = PublishedTables.Read(Path.Combine(results, "tiny"), "trials.parquet");
        var columns = table.Columns.Select(c => c.Name).ToList();
        string lrColumn = columns.Single(c => c.Contains("lr", StringComparison.Ordinal));
        return [.. Enumerable.Range(0, table.RowCount).Select(i => ((string)table["trial"].Values[i]!, Convert.ToInt64(table["seed"].Values[i]!), Convert.ToDouble(table[lrColumn].Values[i]!)))];
    }
}
