using Microsoft.Extensions.Logging;

namespace Repro.Cli.Progress;

/// <summary>The one progress display of a run: a live bar where the user watches a terminal, a log line per interval elsewhere.</summary>
public static class ProgressDisplay
{
    public static IDisposable Start(BoardSink sink, Terminal? terminal, string spec, ILogger log, TimeProvider clock) =>
        terminal is not null ? new TerminalBar(sink, terminal, spec, clock) : new LogTicker(sink, clock, log, LogTicker.DefaultInterval);
}
