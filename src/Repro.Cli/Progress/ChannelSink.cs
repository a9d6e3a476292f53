using Repro.Core.Progress;

namespace Repro.Cli.Progress;

/// <summary>
/// A worker process's progress, for its parent: each event as one checked JSON line (<see cref="ProgressEvent.ToLine"/>)
/// on the worker's stdout, which carries nothing else under <see cref="Variable"/>. Step events are thinned to one per
/// <see cref="Every"/>: the parent shows a few lines a second, not every step.
/// </summary>
public sealed class ChannelSink(TextWriter channel, TimeProvider clock) : IProgressSink
{
    /// <summary>Set by the parent on a worker it starts: the worker writes its progress events on stdout.</summary>
    public const string Variable = "REPRO_PROGRESS_CHANNEL";

    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

    readonly object gate = new();
    DateTimeOffset last = DateTimeOffset.MinValue;

    public void Planned(string spec, int total, int cached, long trialSteps) { } // the parent planned the same trials itself

    public void Report(ProgressEvent e)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (e.Kind == ProgressEvent.StepTaken && now - last < Every && e.Step != e.Steps) return;
            last = now;
            channel.WriteLine(e.ToLine());
            channel.Flush();
        }
    }
}
