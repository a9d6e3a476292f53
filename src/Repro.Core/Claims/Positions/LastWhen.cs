using Repro.Core.Results;

namespace Repro.Core.Claims.Positions;

/// <summary>
/// `at: last METRIC OP NUMBER` — the last recorded step where a metric satisfies a bound: the claim's metric there, or,
/// for metric `step`, that step itself (how long a regime lasted). No value when the condition never holds.
/// </summary>
public sealed record LastWhen(Condition? When = null) : ClaimAt
{
    public override string Name => "last";

    public override string Syntax => "last METRIC OP NUMBER";

    public override string Pattern => $@"last\s+{FormInput.MetricPattern}\s*{ClaimForms.Expect.Alternation()}\s*\S+";

    public override string Doc => "the last recorded step where that metric satisfies the bound (no value if it never does); with `metric: step`, that step";

    public override bool InRatio => false;

    public override bool FindsStep => true;

    public override ClaimAt? Parse(FormInput input) => Condition.Parse(input, "last train_loss > 0.1") is { } when ? new LastWhen(when) : null;

    protected override double Take(TrialResult result, string metric) => When!.ValueAt(result, metric, steps => steps.LastOrDefault());

    protected override string Text => $"last {When}";
}
