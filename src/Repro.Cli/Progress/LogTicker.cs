using Microsoft.Extensions.Logging;

namespace Repro.Cli.Progress;

/// <summary>
/// Progress where no one watches a terminal (a pipe, a CI log): a first log line 2 s in, then one per interval (10 s
/// unless told), from the moment the run has a plan until its last trial is done, so a long run is never silent for
/// longer, even while workers are still starting.
/// </summary>
public sealed class LogTicker : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan FirstAfter = TimeSpan.FromSeconds(2);

    /// <summary>How often the ticker looks: a line is never more than this late.</summary>
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    readonly ITimer timer;
    readonly object gate = new();
    DateTimeOffset? last;

    public LogTicker(BoardSink sink, TimeProvider clock, ILogger log, TimeSpan interval)
    {
        var start = clock.GetUtcNow();
        timer = clock.CreateTimer(_ =>
        {
            lock (gate)
            {
                var now = clock.GetUtcNow();
                bool due = last is { } l ? now - l >= interval : now - start >= FirstAfter;
                if (!due || sink.Board?.Snapshot(now) is not { } s || s.Done >= s.Total) return;
                last = now;
                log.LogInformation("{Progress}", ProgressLine.Of(s));
            }
        }, null, Poll, Poll);
    }

    public void Dispose() => timer.Dispose();
}
