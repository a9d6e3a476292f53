using Repro.Core.Claims.Measures;
using Repro.Core.Claims.Reducers;
using Repro.Core.Spec;

namespace Repro.Core.Claims;

/// <summary>
/// A checked claim: the measured value, what it was compared with, and whether it held. For a bound,
/// <see cref="Measured"/> is the reduced value (NaN when a selected trial diverged: such a claim fails);
/// for a vote (`reduce: all|any`) it is the value of the trial the vote shows and <see cref="Holding"/> counts the
/// trials that hold; for a trend, it is the number of steps against the trend and <see cref="Trend"/> lists the values.
/// A claim with a measure (`compare:`, `scaling:`) reduces its <see cref="Units"/>, which keep what each was made of;
/// its vote counts units. A ratio to another metric (`expect: "< 0.5 * other"`) keeps each trial's two sides in <see cref="Sides"/>.
/// </summary>
public sealed record ClaimOutcome(ClaimSpec Claim, double Measured, bool Passed, int Trials, int DivergedTrials,
    IReadOnlyList<(double At, double Value)>? Trend = null, int? Holding = null, IReadOnlyList<MeasuredUnit>? Units = null,
    IReadOnlyList<MeasuredUnit>? Sides = null)
{
    /// <summary>What a vote counts: the units of a measure, else the selected trials.</summary>
    public int Voters => Units?.Count ?? Trials;

    /// <summary>What the measured value was compared with, in words: `&lt; 1e-06`, `&lt; 0.5 (ratio)`, `increasing in init.scale`.</summary>
    public string Bound
    {
        get
        {
            if (Claim.Monotone is { } trend) return trend.ToString();
            var expect = Claim.Expect!;
            string bound = $"{expect.Op} {Canonical.Number(expect.Bound)}";
            string tolerance = Claim.Tolerance is { } t ? $" ± {t.Slack(expect.Bound).ToString("G6", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e")}" : "";
            return bound + tolerance;
        }
    }

    /// <summary>For a vote, which trial its value is ("worst", "best"); null otherwise.</summary>
    public string? Shown => Holding is not null && Claim.Reduce is Vote vote ? vote.Shown : null;

    public string Describe()
    {
        string trials = $"{Claim.Reduce} over {Trials} trial{(Trials == 1 ? "" : "s")}";
        string diverged = DivergedTrials > 0 ? $" ({DivergedTrials} diverged)" : "";
        if (Claim.Monotone is { } trend)
        {
            string values = string.Join(", ", Trend!.Select(p => $"{Canonical.Number(p.At)}: {Canonical.Number(p.Value)}"));
            string tolerance = Claim.Tolerance is { } t ? $" (tolerance {t})" : "";
            return $"{Claim.Metric} ({Claim.At}, {Claim.Reduce} over seeds) by {trend.Path}: {values}; expected {trend}{tolerance}, {Measured:0} step(s) against it{diverged}";
        }
        var expect = Claim.Expect!;
        if (Claim.Measure is { } measure)
        {
            // Every unit, as the trend lists every point: the verdict can be checked by hand from the message alone.
            string what = $"{Claim.Metric}{(measure.ReadsAt ? $" ({Claim.At})" : "")} {measure}";
            string over = measure.Count(Units!.Count);
            string each = string.Join("; ", Units.Select(u => $"{u.Label}: {measure.Show(u)}"));
            return Holding is { } held
                ? $"{what}: {held} of {over} hold, {Shown} = {Canonical.Number(Measured)}, expected {Claim.Reduce} {Bound}{diverged}; {each}"
                : $"{what} ({Claim.Reduce} over {over}) = {Canonical.Number(Measured)}, expected {Bound}{diverged}; {each}";
        }
        string measuredWhat = expect.Metric is null ? Claim.Metric : $"{Claim.Metric} / {expect.Metric}{(expect.OtherAt is null ? "" : $" at {expect.OtherAt}")}";
        if (Holding is { } holding)
            return $"{measuredWhat} ({Claim.At}): {holding} of {Trials} trials hold, {Shown} = {Canonical.Number(Measured)}, expected {Claim.Reduce} {Bound}{diverged}";
        return $"{measuredWhat} ({Claim.At}, {trials}) = {Canonical.Number(Measured)}, expected {Bound}{diverged}";
    }
}
