using Repro.Cli;
using Repro.Tests.Support;

namespace Repro.Tests.Cache;

/// <summary>`repro watch`: reruns on save with the cache, survives a bad edit, stops on cancellation.</summary>
public class WatchTests
{
    [Fact]
    public async Task A_saved_edit_reruns_only_what_changed_and_a_bad_edit_is_reported_without_stopping_the_watch()
    {
        using var temp = new TempDir();
        string spec = temp.File("tiny.yaml", Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02] }\n");
        // The watch writes from its own thread: through synchronized writers, read under the same lock.
        var (outText, errText) = (new StringWriter(), new StringWriter());
        var stdout = TextWriter.Synchronized(outText);
        var stderr = TextWriter.Synchronized(errText);
        using var stop = new CancellationTokenSource();
        var watching = ReproApp.RunAsync(["watch", spec, "--results", Path.Combine(temp.Path, "results"), "--cache", Path.Combine(temp.Path, "cache"), "--quiet"],
            stdout, stderr, _ => null, stop.Token);
        string Out() { lock (stdout) return outText.ToString(); }
        string Err() { lock (stderr) return errText.ToString(); }

        await Eventually.Contains(Out, "tiny: trained 4 of 4 trials (0 from the cache)");
        File.WriteAllText(spec, Specs.Tiny.Replace("lr: 0.05", "lr: -1"));
        await Eventually.Contains(Out, "tiny.yaml: not run (");
        Assert.Contains($"{spec}:5:28: optimizer.lr must be > 0, got -1", Err());

        File.WriteAllText(spec, Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.03] }\n");
        await Eventually.Contains(Out, "tiny: trained 2 of 4 trials (2 from the cache)");
        Assert.True(File.Exists(Path.Combine(temp.Path, "results", "tiny", "manifest.json")));

        stop.Cancel();
        Assert.Equal(0, await watching.WaitAsync(Eventually.Patience));
        Assert.False(watching.IsFaulted);
    }
}
