using Microsoft.Extensions.Logging;

namespace Repro.Cli.Progress;

/// <summary>
/// Progress where no one watches a terminal (a pipe, a CI log): a first log line 2 s in, then one per interval (10 s
/// unless told), so a long run is never silent for longer; nothing while no batch trains.
/// </summary>
public sealed class LogTicker : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    static readonly TimeSpan FirstAfter = TimeSpan.FromSeconds(2);

    readonly ITimer timer;

    public LogTicker(BoardSink sink, TimeProvider clock, ILogger log, TimeSpan interval)
    {
        timer = clock.CreateTimer(_ =>
        {
            if (sink.Board?.Snapshot(clock.GetUtcNow()) is { RunningBatches: > 0 } s) log.LogInformation("{Progress}", ProgressLine.Of(s));
        }, null, interval < FirstAfter ? interval : FirstAfter, interval);
    }

    public void Dispose() => timer.Dispose();
}
