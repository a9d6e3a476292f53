using Repro.Core.Spec;

namespace Repro.Core.Claims;

/// <summary>
/// A checked claim: the measured value, the bound it was compared with, and whether it held.
/// <see cref="Measured"/> is NaN when a selected trial diverged; such a claim fails.
/// </summary>
public sealed record ClaimOutcome(ClaimSpec Claim, double Measured, bool Passed, int Trials, int DivergedTrials)
{
    public string Describe() =>
        $"{Claim.Metric} ({Claim.At}, {Claim.Reduce} over {Trials} trial{(Trials == 1 ? "" : "s")}) = {Canonical.Number(Measured)}, expected {Claim.Expect}"
        + (DivergedTrials > 0 ? $" ({DivergedTrials} diverged)" : "");
}
