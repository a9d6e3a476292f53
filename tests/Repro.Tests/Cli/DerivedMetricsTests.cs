using System.Text.Json.Nodes;
using Repro.Tests.Support;

namespace Repro.Tests.Cli;

/// <summary>
/// A spec with `derived:` through the real command line: the derived rows and summary columns hold what the
/// expressions compute from the published recorded rows, and claims on them pass or fail as those values say.
/// </summary>
public class DerivedMetricsTests
{
    const string Spec = Specs.Tiny + """

        sweep: { optimizer.lr: [0.01, 0.02] }
        derived:
          gap: "test_loss - train_loss"
          log_ratio: log(test_loss / train_loss)
          eta_t: step * optimizer.lr
        claims:
          - { id: gap-positive, metric: gap, expect: "> 0" }
          - { id: gap-small, metric: gap, expect: "< 1" }
        figures:
          - { id: gap, y: gap, series: optimizer.lr, scale: { y: log } }
        """;

    static readonly string[] Recorded = ["train_loss", "test_loss", "dist_to_min_norm"];
    static readonly string[] Derived = ["gap", "log_ratio", "eta_t"];

    [Fact]
    public async Task Derived_metrics_are_published_beside_the_recorded_ones_and_claims_on_them_hold_as_computed()
    {
        using var temp = new TempDir();
        string yaml = Spec.Replace("metrics: [train_loss, dist_to_min_norm]", "metrics: [train_loss, test_loss, dist_to_min_norm]");
        var outcome = await ReproCli.Run("run", temp.File("tiny.yaml", yaml), "--results", temp.Path);
        string folder = Path.Combine(temp.Path, "tiny");

        // Every step of every trial: the recorded rows, then the derived ones in `derived:` order, each what its
        // expression gives on that step's recorded values (bit for bit: the same arithmetic).
        var rows = PublishedTables.Metrics(folder);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!;
        var lr = manifest["trials"]!.AsArray().ToDictionary(t => (string)t!["key"]!, t => (double)t!["sweep"]!["optimizer.lr"]!);
        Assert.Equal(4, lr.Count);
        foreach (var step in rows.GroupBy(r => (r.Trial, r.Step)))
        {
            Assert.Equal([.. Recorded, .. Derived], step.Select(r => r.Metric));
            double train = rows.At(step.Key.Trial, step.Key.Step, "train_loss"), test = rows.At(step.Key.Trial, step.Key.Step, "test_loss");
            Assert.Equal(test - train, rows.At(step.Key.Trial, step.Key.Step, "gap"));
            Assert.Equal(Math.Log(test / train), rows.At(step.Key.Trial, step.Key.Step, "log_ratio"));
            Assert.Equal(step.Key.Step * lr[step.Key.Trial], rows.At(step.Key.Trial, step.Key.Step, "eta_t"));
        }

        // The summary: a column per metric, recorded then derived, holding the last recorded step's values.
        var summary = PublishedTables.Read(folder, "summary.parquet");
        var columns = summary.Columns.Select(c => c.Name).ToList();
        Assert.Equal([.. Recorded, .. Derived], columns[(columns.IndexOf("diverged_at_step") + 1)..]);
        var finalGap = new Dictionary<string, double>();
        for (int i = 0; i < summary.RowCount; i++)
        {
            string trial = (string)summary["trial"].Values[i]!;
            finalGap[trial] = rows.Where(r => r.Trial == trial && r.Metric == "gap").Last().Value;
            Assert.Equal(finalGap[trial], (double)summary["gap"].Values[i]!);
        }

        // Claims read the derived values as they read recorded ones: min over trials for `>`, max for `<`.
        var claims = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "claims.json")))!["claims"]!.AsArray();
        var positive = claims.Single(c => (string)c!["id"]! == "gap-positive")!;
        var small = claims.Single(c => (string)c!["id"]! == "gap-small")!;
        Assert.Equal(finalGap.Values.Min(), (double)positive["measured"]!);
        Assert.Equal(finalGap.Values.Min() > 0, (bool)positive["passed"]!);
        Assert.Equal(finalGap.Values.Max(), (double)small["measured"]!);
        Assert.Equal(finalGap.Values.Max() < 1, (bool)small["passed"]!);
        Assert.Equal((bool)positive["passed"]! && (bool)small["passed"]! ? 0 : 1, outcome.ExitCode);
        // On this data the two claims disagree, so the test sees a derived claim pass and one fail.
        Assert.NotEqual((bool)positive["passed"]!, (bool)small["passed"]!);

        Assert.Contains("<svg", File.ReadAllText(Path.Combine(folder, "figures", "gap.svg")));
    }
}
