using Repro.Core.Progress;

namespace Repro.Cli.Progress;

/// <summary>The process the user started: its own training's events onto the board the display reads, as <see cref="Source"/>.</summary>
public sealed class BoardSink(TimeProvider clock, string source = "") : IProgressSink
{
    ProgressBoard? board;

    public ProgressBoard? Board => Volatile.Read(ref board);

    public string Source => source;

    public void Planned(string spec, int total, int cached, long trialSteps) =>
        Interlocked.CompareExchange(ref board, new ProgressBoard(spec, total, cached, trialSteps), null);

    public void Report(ProgressEvent e) => Board?.Add(source, e, clock.GetUtcNow());
}
