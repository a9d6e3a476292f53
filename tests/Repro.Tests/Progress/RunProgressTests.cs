using System.Diagnostics;
using Repro.Tests.Support;

namespace Repro.Tests.Progress;

/// <summary>What a real `repro run` of a long bundled spec shows in its first seconds when its output is a pipe (a CI log).</summary>
public class RunProgressTests
{
    [Fact]
    public void In_a_pipe_a_long_run_logs_one_aggregated_progress_line_within_ten_seconds_and_no_worker_chatter()
    {
        using var temp = new TempDir();
        var clock = Stopwatch.StartNew();
        using var run = ReproProcess.Start(temp.Path, "run", Repo.Spec("edge-of-stability"), "--results", Path.Combine(temp.Path, "r"),
            "--cache", Path.Combine(temp.Path, "c"), "--jobs", "2");
        run.WaitForLog("trial-steps/s", TimeSpan.FromSeconds(10));
        var line = run.Stderr.Split('\n').First(l => l.Contains("trial-steps/s", StringComparison.Ordinal));
        // One line for the whole run (both workers on one count), not one per worker.
        Assert.Contains("edge-of-stability: 0/9 trials", line);
        Assert.DoesNotContain("[worker", line);
        Assert.Contains("ETA", line);
        Assert.Contains("loss", line);
        Assert.DoesNotContain("run without --shard", run.Stderr + run.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"the first progress line came after {clock.Elapsed}");
    }
}
