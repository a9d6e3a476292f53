using Repro.Core.Progress;
using Spectre.Console;

namespace Repro.Cli.Progress;

/// <summary>
/// Progress on a terminal: one live bar for the whole run (trial-steps done of the plan's), with the
/// <see cref="ProgressLine"/> beside it, redrawn 10 times a second from the board; shown from the moment the run has a
/// plan, so a long run is never silent; cleared when training ends (the log says what was trained).
/// </summary>
public sealed class TerminalBar : IDisposable
{
    static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    readonly CancellationTokenSource stop = new();
    readonly Task shown;

    public TerminalBar(BoardSink sink, Terminal terminal, string spec, TimeProvider clock)
    {
        var bar = new Spectre.Console.Progress(terminal.Console, clock)
            .AutoClear(true)
            .Columns(new SpinnerColumn(), new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left });
        shown = bar.StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape($"{spec}: looking in the cache"), autoStart: true, maxValue: 1);
            while (!stop.IsCancellationRequested)
            {
                if (sink.Board?.Snapshot(clock.GetUtcNow()) is { } s)
                {
                    task.Description = Markup.Escape(ProgressLine.Of(s));
                    task.Value = Fraction(s);
                }
                try
                {
                    await Task.Delay(Every, clock, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Training ended: the last frame is cleared.
                }
            }
        });
    }

    /// <summary>How far the run is: trial-steps done of those to train; all done where the cache held everything.</summary>
    public static double Fraction(ProgressSnapshot s) => s.TrialSteps > 0 ? Math.Min(1, (double)s.TrialStepsDone / s.TrialSteps) : 1;

    public void Dispose()
    {
        stop.Cancel();
        shown.GetAwaiter().GetResult();
        stop.Dispose();
    }
}
