using Repro.Core.Results;

namespace Repro.Core.Claims.Positions;

/// <summary>
/// `at: longest METRIC OP NUMBER` with `metric: step` — how many steps the longest stretch of consecutive recorded
/// steps where a metric satisfies a bound spans: its last step minus its first (0 when it holds at one record only,
/// as the resolution is `log_every`). No value when it never holds, as for `first`.
/// </summary>
public sealed record Longest(Condition? When = null) : ClaimAt
{
    public override string Name => "longest";

    public override string Syntax => "longest METRIC OP NUMBER";

    public override string Pattern => $@"longest\s+{FormInput.MetricPattern}\s*{ClaimForms.Expect.Alternation()}\s*\S+";

    public override string Doc => "with `metric: step`, the steps spanned by the longest run of consecutive recorded steps where that metric satisfies the bound (last step − first; 0 for a single record; no value if it never does)";

    public override bool InRatio => false;

    public override bool MeasuresSteps => true;

    public override ClaimAt? Parse(FormInput input) => Condition.Parse(input, "longest sharpness_ratio > 0.95") is { } when ? new Longest(when) : null;

    protected override double Take(TrialResult result, string metric)
    {
        double longest = double.NaN;
        long? start = null;
        foreach (var point in result.Series(When!.Metric))
        {
            if (!When.Holds(point.Value))
            {
                start = null;
                continue;
            }
            start ??= point.Step;
            longest = double.IsNaN(longest) ? point.Step - start.Value : Math.Max(longest, point.Step - start.Value);
        }
        return longest;
    }

    protected override string Text => $"longest {When}";
}
