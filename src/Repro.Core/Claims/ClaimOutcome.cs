using Repro.Core.Spec;

namespace Repro.Core.Claims;

/// <summary>
/// A checked claim: the measured value, what it was compared with, and whether it held. For a bound,
/// <see cref="Measured"/> is the reduced value (NaN when a selected trial diverged: such a claim fails);
/// for a trend, it is the number of steps against the trend and <see cref="Trend"/> lists the values.
/// </summary>
public sealed record ClaimOutcome(ClaimSpec Claim, double Measured, bool Passed, int Trials, int DivergedTrials,
    IReadOnlyList<(double At, double Value)>? Trend = null)
{
    public string Describe()
    {
        string trials = $"{Claim.Reduce} over {Trials} trial{(Trials == 1 ? "" : "s")}";
        string diverged = DivergedTrials > 0 ? $" ({DivergedTrials} diverged)" : "";
        if (Claim.Monotone is { } trend)
        {
            string values = string.Join(", ", Trend!.Select(p => $"{Canonical.Number(p.At)}: {Canonical.Number(p.Value)}"));
            return $"{Claim.Metric} ({Claim.At}, {Claim.Reduce} over seeds) by {trend.Path}: {values}; expected {trend}, {Measured:0} step(s) against it{diverged}";
        }
        var expect = Claim.Expect!;
        string measuredWhat = expect.Metric is null ? Claim.Metric : $"{Claim.Metric} / {expect.Metric}{(expect.OtherAt is null ? "" : $" at {expect.OtherAt}")}";
        string bound = expect.Metric is null ? expect.ToString() : $"{expect.Op} {Canonical.Number(expect.Bound)}";
        return $"{measuredWhat} ({Claim.At}, {trials}) = {Canonical.Number(Measured)}, expected {bound}{diverged}";
    }
}
