using Repro.Core.Results;

namespace Repro.Core.Claims.Positions;

/// <summary>`at: max` — the largest value along the path.</summary>
public sealed record Highest : ClaimAt
{
    public override string Name => "max";

    public override string Doc => "the largest value along the recorded path (undefined values skipped)";

    // Along the path, NaN means "not defined here" (a slope at its first record), not a value.
    protected override double Take(TrialResult result, string metric) =>
        result.Series(metric).Select(p => p.Value).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();
}
