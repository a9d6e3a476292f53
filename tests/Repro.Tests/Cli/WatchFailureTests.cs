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
        using var watch = new WatchSession(spec, temp.Path);

        await Eventually.Contains(watch.Out, "--- tiny.yaml: run failed; watching for the next save");
        Assert.Contains("repro: tiny.yaml: run failed: reference min_entropy_interpolant: Newton did not converge", watch.Err());
        Assert.False(watch.IsCompleted);

        File.WriteAllText(spec, Specs.Tiny);
        await Eventually.Contains(watch.Out, "tiny: trained 2 of 2 trials (0 from the cache)");

        Assert.Equal(0, await watch.Stop());
    }
}
