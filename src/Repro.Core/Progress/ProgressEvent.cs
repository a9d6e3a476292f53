using System.Text.Json;
using System.Text.Json.Serialization;

namespace Repro.Core.Progress;

/// <summary>
/// One thing a training process tells the progress display: a batch begins, a step was taken, a batch ends. A worker
/// process writes them as JSON lines on a channel of their own (not its log), so the parent aggregates numbers, never text.
/// </summary>
/// <param name="Kind">begin | step | end | trained (a worker's last word: how many trials it trained)</param>
/// <param name="Trials">trials in the batch (trained: the worker's count, which may be 0)</param>
/// <param name="Step">the step just taken (step); 0 otherwise</param>
/// <param name="Steps">the batch's step budget</param>
/// <param name="Finished">trials of the batch that stopped early (step), or all of them (end)</param>
/// <param name="LossMin">the running trials' smallest finite loss (step); null when none is finite</param>
/// <param name="LossMax">their largest</param>
public sealed record ProgressEvent(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("trials")] int Trials,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("finished")] int Finished,
    [property: JsonPropertyName("loss_min")] double? LossMin,
    [property: JsonPropertyName("loss_max")] double? LossMax)
{
    public const string Begin = "begin", StepTaken = "step", End = "end", Trained = "trained";

    /// <summary>The prefix that marks a line of the channel as an event.</summary>
    public const string LinePrefix = "repro-progress ";

    public static ProgressEvent Began(int trials, long steps) => new(Begin, trials, 0, steps, 0, null, null);

    public static ProgressEvent Of(BatchProgress p) => new(StepTaken, p.Trials, p.Step, p.Steps, p.Finished,
        double.IsFinite(p.LossMin) ? p.LossMin : null, double.IsFinite(p.LossMax) ? p.LossMax : null);

    public static ProgressEvent Ended(int trials, long steps) => new(End, trials, steps, steps, trials, null, null);

    /// <summary>A worker's closing event: it trained <paramref name="trials"/> (a damaged cache entry it recomputed counts too).</summary>
    public static ProgressEvent TrainedCount(int trials) => new(Trained, trials, 0, 0, trials, null, null);

    public string ToLine() => LinePrefix + JsonSerializer.Serialize(this);

    /// <summary>The event a channel line holds; null for any other line, or one that does not parse as an event (never trusted blindly).</summary>
    public static ProgressEvent? Parse(string line)
    {
        if (!line.StartsWith(LinePrefix, StringComparison.Ordinal)) return null;
        try
        {
            var e = JsonSerializer.Deserialize<ProgressEvent>(line.AsSpan(LinePrefix.Length));
            bool counted = e is { Kind: Trained, Trials: >= 0, Step: 0, Steps: 0 } || e is { Kind: Begin or StepTaken or End, Trials: > 0, Steps: >= 0, Step: >= 0 };
            return e is not null && counted && e.Step <= e.Steps && e.Finished >= 0 && e.Finished <= e.Trials ? e : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
