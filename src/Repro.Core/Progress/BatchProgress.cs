namespace Repro.Core.Progress;

/// <summary>
/// Where a training batch stands after one optimizer step: what the progress display aggregates, in this process
/// and across worker processes. Reported by the engine every step; a display throttles, the engine does not.
/// </summary>
/// <param name="Trials">trials in the batch</param>
/// <param name="Finished">of those, how many have stopped (diverged, reached train.until)</param>
/// <param name="Step">the step just taken (1-based)</param>
/// <param name="Steps">the batch's step budget (train.steps)</param>
/// <param name="LossMin">the smallest training loss of the running trials at this step (the minibatch's for SGD); NaN when none is finite</param>
/// <param name="LossMax">the largest finite one</param>
public sealed record BatchProgress(int Trials, int Finished, long Step, long Steps, double LossMin, double LossMax)
{
    /// <summary>The finite losses' range among <paramref name="losses"/> whose trial is still running.</summary>
    public static (double Min, double Max) Range(IReadOnlyList<double> losses, Func<int, bool> running)
    {
        double min = double.NaN, max = double.NaN;
        for (int k = 0; k < losses.Count; k++)
        {
            double v = losses[k];
            if (!running(k) || !double.IsFinite(v)) continue;
            if (double.IsNaN(min) || v < min) min = v;
            if (double.IsNaN(max) || v > max) max = v;
        }
        return (min, max);
    }
}
