namespace Repro.Core.Progress;

/// <summary>
/// Where a training process sends its progress: the display's <see cref="ProgressBoard"/> in the process the user
/// started, or the event channel a worker process writes for its parent.
/// </summary>
public interface IProgressSink
{
    /// <summary>Before training: the plan's size, what the cache already holds, and the trial-steps left to train.</summary>
    void Planned(string spec, int total, int cached, long trialSteps);

    void Report(ProgressEvent e);
}
