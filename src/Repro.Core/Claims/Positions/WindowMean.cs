using Repro.Core.Results;

namespace Repro.Core.Claims.Positions;

/// <summary>`at: mean A..B` — the time average over a window: the mean of the values recorded at steps A to B.</summary>
public sealed record WindowMean(StepWindow? Window = null) : ClaimAt
{
    public override string Name => "mean";

    public override string Syntax => $"mean {StepWindow.Syntax}";

    public override string Pattern => $@"mean\s+{StepWindow.Pattern}";

    public override string Doc => "the mean of the values recorded at steps A to B, both included (undefined values skipped)";

    public override ClaimAt? Parse(FormInput input) => StepWindow.Parse(input, input.Argument) is { } window ? new WindowMean(window) : null;

    protected override double Take(TrialResult result, string metric) => Window!.Values(result, metric).DefaultIfEmpty(double.NaN).Average();

    protected override string Text => $"{Name} {Window}";
}
