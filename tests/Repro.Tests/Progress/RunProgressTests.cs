using System.Globalization;
using System.Text.RegularExpressions;
using Repro.Tests.Support;

namespace Repro.Tests.Progress;

/// <summary>What a real `repro run` of a long bundled spec shows in its first seconds when its output is a pipe (a CI log).</summary>
public partial class RunProgressTests
{
    [Fact]
    public void In_a_pipe_a_long_run_logs_one_aggregated_progress_line_within_ten_seconds_then_one_per_ten_seconds_and_no_worker_chatter()
    {
        using var temp = new TempDir();
        using var run = ReproProcess.Start(temp.Path, "run", Repo.Spec("edge-of-stability"), "--results", Path.Combine(temp.Path, "r"),
            "--cache", Path.Combine(temp.Path, "c"), "--jobs", "2");
        run.WaitForLog("trial-steps/s", TimeSpan.FromMinutes(2));
        while (Progress(run.Stderr).Count < 2) run.WaitForLog("\n", TimeSpan.FromMinutes(1));

        var lines = run.Stderr.Split('\n');
        var announced = Stamp(lines.First(l => l.Contains("edge-of-stability: 9 trials (3 sweep points x 3 seeds)", StringComparison.Ordinal)));
        var progress = Progress(run.Stderr);
        // By the log's own clock (whole seconds): the first line within 10 s of the plan, the next 10 s after it.
        Assert.InRange((Stamp(progress[0]) - announced).TotalSeconds, 0, 10);
        Assert.InRange((Stamp(progress[1]) - Stamp(progress[0])).TotalSeconds, 9, 11);
        // One line for the whole run (both workers on one count), not one per worker, and nothing a worker said for itself.
        var line = progress.First(l => l.Contains("trial-steps/s", StringComparison.Ordinal));
        Assert.Matches(@"edge-of-stability: \d/9 trials, [\d.]+k? trial-steps/s, ETA (\d+h\d\dm|\d+m\d\ds|\d+s), loss \d", line);
        Assert.DoesNotContain("[worker", run.Stderr);
        Assert.DoesNotContain("run without --shard", run.Stderr + run.Stdout);
        // A log gets lines, not a bar drawn with escape sequences.
        Assert.DoesNotContain("\x1b", run.Stderr);
    }

    static List<string> Progress(string log) => log.Split('\n').Where(l => ProgressLine().IsMatch(l)).ToList();

    static TimeSpan Stamp(string line) => TimeSpan.ParseExact(line.Substring(1, 8), @"hh\:mm\:ss", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d INF\] edge-of-stability: \d/9 trials, ")]
    private static partial Regex ProgressLine();
}
