using Repro.Core.Progress;

namespace Repro.Cli.Progress;

/// <summary>The process the user started: its own training's events and its workers' onto the board the display reads, on one clock.</summary>
public sealed class BoardSink(TimeProvider clock) : IProgressSink
{
    ProgressBoard? board;

    public ProgressBoard? Board => Volatile.Read(ref board);

    public void Planned(string spec, int total, int cached, long trialSteps) =>
        Interlocked.CompareExchange(ref board, new ProgressBoard(spec, total, cached, trialSteps), null);

    /// <summary>This process's own training's event.</summary>
    public void Report(ProgressEvent e) => Report("", e);

    /// <summary>An event from <paramref name="source"/> (a worker's name; "" for this process).</summary>
    public void Report(string source, ProgressEvent e) => Board?.Add(source, e, clock.GetUtcNow());
}
