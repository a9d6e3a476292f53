namespace Repro.Core.Progress;

/// <summary>
/// The whole run's progress, from the events of every training process (this one and its workers): trials done of
/// the total, trial-steps per second, an ETA, the running batches' loss range. Thread-safe; the display reads a
/// <see cref="Snapshot"/> on its own clock.
/// </summary>
/// <param name="spec">the spec's name</param>
/// <param name="total">trials in the plan</param>
/// <param name="cached">of those, already in the cache: done before training starts</param>
/// <param name="trialSteps">the trial-steps still to train (each uncached trial's step budget, summed): the ETA's numerator</param>
public sealed class ProgressBoard(string spec, int total, int cached, long trialSteps)
{
    readonly object gate = new();
    readonly Dictionary<string, ProgressEvent> running = new(StringComparer.Ordinal);
    int trained;
    long stepsDone;
    DateTimeOffset? started;

    /// <summary>One event from <paramref name="source"/> (a worker's name; "" for this process), seen at <paramref name="now"/>.</summary>
    public void Add(string source, ProgressEvent e, DateTimeOffset now)
    {
        lock (gate)
        {
            started ??= now;
            running.TryGetValue(source, out var before);
            switch (e.Kind)
            {
                case ProgressEvent.Begin:
                    running[source] = e;
                    break;
                case ProgressEvent.StepTaken:
                    // A batch is one tensor program: every step costs all its rows, a stopped trial's included.
                    stepsDone += Math.Max(0, e.Step - (before?.Step ?? 0)) * e.Trials;
                    running[source] = e;
                    break;
                case ProgressEvent.End:
                    trained += e.Trials;
                    // A batch whose trials all stopped early never takes its last steps: they are done too.
                    stepsDone += Math.Max(0, e.Steps - (before?.Step ?? 0)) * e.Trials;
                    running.Remove(source);
                    break;
            }
        }
    }

    public ProgressSnapshot Snapshot(DateTimeOffset now)
    {
        lock (gate)
        {
            double seconds = started is { } s ? (now - s).TotalSeconds : 0;
            double rate = seconds > 0 ? stepsDone / seconds : 0;
            long remaining = Math.Max(0, trialSteps - stepsDone);
            TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds(remaining / rate) : null;
            var losses = running.Values.Where(e => e.LossMin is not null).ToList();
            return new ProgressSnapshot(spec, cached + trained, total, cached, running.Count, stepsDone, trialSteps, rate, eta,
                losses.Count == 0 ? null : losses.Min(e => e.LossMin), losses.Count == 0 ? null : losses.Max(e => e.LossMax));
        }
    }
}

/// <summary>What the display shows at one moment (see <see cref="ProgressBoard"/>).</summary>
public sealed record ProgressSnapshot(string Spec, int Done, int Total, int Cached, int RunningBatches, long TrialStepsDone, long TrialSteps,
    double TrialStepsPerSecond, TimeSpan? Eta, double? LossMin, double? LossMax);
