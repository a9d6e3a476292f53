using Repro.Core.Results;

namespace Repro.Core.Claims.Positions;

/// <summary>`at: max` — the largest value along the path; `at: max A..B`, within a window of steps.</summary>
public sealed record Highest(StepWindow? Window = null) : ClaimAt
{
    public override string Name => "max";

    public override string Syntax => $"max [{StepWindow.Syntax}]";

    public override string Pattern => $@"max(\s+{StepWindow.Pattern})?";

    public override string Doc => "the largest value along the recorded path, or within steps A..B (undefined values skipped)";

    public override ClaimAt? Parse(FormInput input) => input.Argument.Length == 0 ? this
        : StepWindow.Parse(input, input.Argument) is { } window ? new Highest(window) : null;

    // Along the path, NaN means "not defined here" (a slope at its first record), not a value.
    protected override double Take(TrialResult result, string metric) =>
        (Window?.Values(result, metric) ?? result.Series(metric).Select(p => p.Value).Where(v => !double.IsNaN(v))).DefaultIfEmpty(double.NaN).Max();

    protected override string Text => Window is null ? Name : $"{Name} {Window}";
}
