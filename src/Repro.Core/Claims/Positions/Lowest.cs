using Repro.Core.Results;

namespace Repro.Core.Claims.Positions;

/// <summary>`at: min` — the smallest value along the path.</summary>
public sealed record Lowest : ClaimAt
{
    public override string Name => "min";

    public override string Doc => "the smallest value along the recorded path (undefined values skipped)";

    // Along the path, NaN means "not defined here" (a slope at its first record), not a value.
    protected override double Take(TrialResult result, string metric) =>
        result.Series(metric).Select(p => p.Value).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Min();
}
