using Repro.Cli;
using Repro.Tests.Support;

namespace Repro.Tests.Cli;

/// <summary>`repro watch`: a save whose run fails is reported for its spec, and the watch goes on.</summary>
public class WatchFailureTests
{
    [Fact]
    public async Task A_run_that_fails_is_reported_and_the_next_save_runs()
    {
        using var temp = new TempDir();
        // Valid, but its reference does not exist on the data it draws (see RunFailureTests).
        string spec = temp.File("tiny.yaml", Repro.Tests.Verification.RunFailureTests.Unrunnable);
        var (outText, errText) = (new StringWriter(), new StringWriter());
        var stdout = TextWriter.Synchronized(outText);
        var stderr = TextWriter.Synchronized(errText);
        using var stop = new CancellationTokenSource();
        var watching = ReproApp.RunAsync(["watch", spec, "--results", Path.Combine(temp.Path, "results"), "--cache", Path.Combine(temp.Path, "cache"), "--quiet"],
            stdout, stderr, _ => null, stop.Token);
        string Out() { lock (stdout) return outText.ToString(); }
        string Err() { lock (stderr) return errText.ToString(); }

        await Eventually.Contains(Out, "--- tiny.yaml: run failed; watching for the next save");
        Assert.Contains("repro: tiny.yaml: run failed: reference min_entropy_interpolant: Newton did not converge", Err());
        Assert.False(watching.IsCompleted);

        File.WriteAllText(spec, Specs.Tiny);
        await Eventually.Contains(Out, "tiny: trained 2 of 2 trials (0 from the cache)");

        stop.Cancel();
        Assert.Equal(0, await watching.WaitAsync(Eventually.Patience));
    }
}
