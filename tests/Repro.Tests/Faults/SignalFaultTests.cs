using Repro.Tests.Support;

namespace Repro.Tests.Faults;

/// <summary>
/// One SIGINT or SIGTERM stops every command (issue 14, item 5), with 128 + the signal's number as the exit code:
/// commands that would otherwise go on for many seconds (a DuckDB query, validating and planning 100,000 trials)
/// and a signal in a process's first milliseconds, before any command has started.
/// </summary>
public class SignalFaultTests
{
    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // 10 seeds x 10^4 sweep points: 100,000 trials, seconds of binding and planning on any machine.
    const string Big = Specs.Tiny + """

        sweep:
          optimizer.lr: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01]
          data.n_train: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
          data.n_test: [16, 17, 18, 19, 20, 21, 22, 23, 24, 25]
          train.steps: [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
        """;

    static int Code(string signal) => signal == "INT" ? 130 : 143;

    [Theory]
    [InlineData("query", "INT")]
    [InlineData("query", "TERM")]
    [InlineData("validate", "INT")]
    [InlineData("validate", "TERM")]
    [InlineData("plan", "TERM")]
    [InlineData("run", "TERM")] // still planning its 100,000 trials
    public async Task One_signal_stops_a_command_that_would_go_on_for_long(string command, string signal)
    {
        using var w = new FaultWorkspace();
        Assert.Equal(0, (await w.Run()).ExitCode); // something to query
        string big = Path.Combine(w.Root, "big.yaml");
        File.WriteAllText(big, Big.Replace("seeds: [0, 1]", "seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", StringComparison.Ordinal));
        string[] args = command switch
        {
            // Minutes of work for DuckDB, stopped by its interrupt.
            "query" => ["query", "select sum(i * i % 7) from range(100000000000::BIGINT) t(i)", "--results", w.Results],
            "validate" => ["validate", big],
            "plan" => ["plan", big, "--cache", w.Cache],
            _ => ["run", big, "--results", w.Results, "--cache", w.Cache, "--jobs", "1"],
        };
        var published = w.PublishedBytes();
        var cache = w.CacheBytes();
        using var process = ReproProcess.Start(w.Root, args);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // under way: past start-up, seconds before it could finish
        process.Signal(signal);

        Assert.Equal(Code(signal), process.WaitForExit(Minute));
        Assert.Contains($"repro: interrupted (SIG{signal})", process.Stderr);
        Assert.Equal(published, w.PublishedBytes());
        Assert.Equal(cache, w.CacheBytes());
        Assert.False(Directory.Exists(Path.Combine(w.Results, "big")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(300)]
    public async Task A_signal_in_the_first_milliseconds_gives_the_same_code_and_writes_nothing(int afterMs)
    {
        using var w = new FaultWorkspace();
        // Minutes of training, not the workspace's 0.7 s: under a busy test host the delay and the kill can come late,
        // and a run that has already finished would exit 0 (seen in CI at 300 ms).
        string slow = Path.Combine(w.Root, "slow.yaml");
        File.WriteAllText(slow, FaultWorkspace.Spec.Replace("steps: 400,", "steps: 100000000,", StringComparison.Ordinal));
        using var process = ReproProcess.Start(w.Root, "run", slow, "--results", w.Results, "--cache", w.Cache, "--jobs", "1");
        if (afterMs > 0) await Task.Delay(afterMs);
        process.Signal("INT");

        // Before the runtime has started, the signal's default action ends the process; after, repro does: 130 both ways.
        Assert.Equal(130, process.WaitForExit(Minute));
        Assert.False(Directory.Exists(w.Published));
        Assert.Empty(Support.CacheFolder.Problems(w.Cache));
    }
}
