using System.Text.RegularExpressions;
using Repro.Cli;

namespace Repro.Tests.Support;

/// <summary>`repro serve --port 0` in this process: the address it printed, its output, and a stop that returns its exit code.</summary>
sealed partial class ServeSession : IAsyncDisposable
{
    [GeneratedRegex(@"serving (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Serving();

    readonly StringWriter outText = new(), errText = new();
    readonly TextWriter stdout, stderr;
    readonly CancellationTokenSource stop = new();
    readonly Task<int> serving;

    public string Url { get; private set; } = "";

    ServeSession(string results, string specs, string cache)
    {
        stdout = TextWriter.Synchronized(outText);
        stderr = TextWriter.Synchronized(errText);
        serving = ReproApp.RunAsync(["serve", "--port", "0", "--results", results, "--specs", specs, "--cache", cache, "--quiet"],
            stdout, stderr, _ => null, stop.Token);
    }

    public static async Task<ServeSession> Start(string results, string specs, string cache)
    {
        var session = new ServeSession(results, specs, cache);
        var deadline = DateTime.UtcNow + Eventually.Patience;
        while (!Serving().IsMatch(session.Out()))
        {
            Assert.False(session.serving.IsCompleted, $"serve ended with {(session.serving.IsCompleted ? session.serving.Result : 0)}: {session.Err()}");
            Assert.True(DateTime.UtcNow < deadline, $"serve printed no address: {session.Out()} {session.Err()}");
            await Task.Delay(50);
        }
        session.Url = Serving().Match(session.Out()).Groups[1].Value;
        return session;
    }

    public string Out() { lock (stdout) return outText.ToString(); }

    public string Err() { lock (stderr) return errText.ToString(); }

    /// <summary>Ctrl+C, as the command sees it; its exit code.</summary>
    public async Task<int> Stop()
    {
        stop.Cancel();
        return await serving.WaitAsync(Eventually.Patience);
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        try
        {
            await serving.WaitAsync(Eventually.Patience);
        }
        catch (Exception)
        {
            // The test has its verdict already; a serve that fails to stop shows in its own assertions.
        }
        stop.Dispose();
    }
}
