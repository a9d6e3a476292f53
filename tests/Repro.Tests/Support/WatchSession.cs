using Repro.Cli;

namespace Repro.Tests.Support;

/// <summary>
/// `repro watch TARGET --quiet` in this process, with results and cache beside the target: its output as it grows
/// (it writes from its own thread, so through synchronized writers, read under the same lock), and a stop that
/// returns its exit code.
/// </summary>
sealed class WatchSession : IDisposable
{
    readonly StringWriter outText = new(), errText = new();
    readonly TextWriter stdout, stderr;
    readonly CancellationTokenSource stop = new();
    readonly Task<int> watching;

    public WatchSession(string target, string folder)
    {
        stdout = TextWriter.Synchronized(outText);
        stderr = TextWriter.Synchronized(errText);
        watching = ReproApp.RunAsync(["watch", target, "--results", Path.Combine(folder, "results"), "--cache", Path.Combine(folder, "cache"), "--quiet"],
            stdout, stderr, _ => null, stop.Token);
    }

    public string Out() { lock (stdout) return outText.ToString(); }

    public string Err() { lock (stderr) return errText.ToString(); }

    public bool IsCompleted => watching.IsCompleted;

    /// <summary>Ctrl+C, as the command sees it; the exit code (a faulted watch fails the test here).</summary>
    public async Task<int> Stop()
    {
        stop.Cancel();
        return await watching.WaitAsync(Eventually.Patience);
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}
