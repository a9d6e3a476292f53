using Repro.Core.Artifacts;
using Repro.Core.Faults;
using Repro.Tests.Support;

namespace Repro.Tests.Faults;

/// <summary>
/// kill -9 at the two instants of a publish that leave something behind (issue 14, item 3): after the staging folder
/// is written, and after the exchange. The published folder is whole either way (the old set, or the new one), the
/// leftover is in `results/.staging/`, and the next command that reads or writes the results folder removes it.
/// </summary>
public class PublishKillTests
{
    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    const string Changed = "train.steps=200"; // other trial keys: a publish with new content

    static ReproProcess KilledAt(FaultWorkspace w, string point)
    {
        var run = ReproProcess.StartWith(new Dictionary<string, string> { [FaultPoint.Variable] = point }, w.Root,
            "run", w.SpecFile, "--results", w.Results, "--cache", w.Cache, "--jobs", "1", "--set", Changed);
        run.WaitForLog($"fault point {point} reached", Minute);
        return run;
    }

    static string[] Leftovers(FaultWorkspace w) => Directory.Exists(Path.Combine(w.Results, Publisher.StagingFolder))
        ? Directory.GetDirectories(Path.Combine(w.Results, Publisher.StagingFolder)) : [];

    [Theory]
    [InlineData(FaultPoint.PublishStaged, "run")]
    [InlineData(FaultPoint.PublishStaged, "report")]
    [InlineData(FaultPoint.PublishStaged, "verify")]
    [InlineData(FaultPoint.PublishExchanged, "run")]
    [InlineData(FaultPoint.PublishExchanged, "report")]
    [InlineData(FaultPoint.PublishExchanged, "verify")]
    public async Task A_kill_9_while_publishing_leaves_a_whole_folder_and_the_next_command_removes_the_leftover(string point, string next)
    {
        using var w = new FaultWorkspace();
        Assert.Equal(0, (await w.Run()).ExitCode);
        var old = w.PublishedBytes();
        var oldKeys = PublishedFolder.Check(w.Published).Folder!.TrialKeys;

        using (var run = KilledAt(w, point))
        {
            run.Signal("KILL");
            Assert.Equal(137, run.WaitForExit(Minute));
        }
        // Whole: the old set before the exchange, the new one after it; a full copy of the other is the leftover.
        var published = PublishedFolder.Check(w.Published);
        Assert.True(published.Usable, published.ToString());
        if (point == FaultPoint.PublishStaged) Assert.Equal(old, w.PublishedBytes());
        else Assert.NotEqual(oldKeys, published.Folder!.TrialKeys);
        string leftover = Assert.Single(Leftovers(w));
        Assert.True(PublishedFolder.Check(leftover).Usable);
        Assert.Equal([Publisher.StagingFolder], Directory.GetDirectories(w.Results, ".*").Select(Path.GetFileName));

        var outcome = next switch
        {
            "run" => await w.Run(),
            "report" => await ReproCli.Run("report", "--results", w.Results, "--specs", w.Root),
            _ => await ReproCli.Run("verify", w.SpecFile, "--results", w.Results, "--cache", w.Cache),
        };
        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        if (next == "report") Assert.Contains($"removed {leftover}, left by a publish that was killed", outcome.Stdout);
        Assert.Empty(Leftovers(w));
        Assert.False(Directory.Exists(Path.Combine(w.Results, Publisher.StagingFolder)));
        Assert.True(PublishedFolder.Check(w.Published).Usable);
        if (next == "run") Assert.Equal(old, w.PublishedBytes());
    }

    [Fact]
    public async Task A_publish_under_way_keeps_its_staging_folder_while_another_command_sweeps()
    {
        using var w = new FaultWorkspace();
        Assert.Equal(0, (await w.Run()).ExitCode);
        using var run = KilledAt(w, FaultPoint.PublishStaged); // alive, holding the lock, paused with its staging folder written
        string staging = Assert.Single(Leftovers(w));

        var report = await ReproCli.Run("report", "--results", w.Results, "--specs", w.Root);
        Assert.Equal(0, report.ExitCode);
        Assert.DoesNotContain("removed", report.Stdout);
        Assert.True(Directory.Exists(staging)); // its spec's lock is held: not a leftover

        run.Signal("KILL");
        Assert.Equal(137, run.WaitForExit(Minute));
        await ReproCli.Run("report", "--results", w.Results, "--specs", w.Root);
        Assert.Empty(Leftovers(w));
    }
}
