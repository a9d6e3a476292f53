using Repro.Core.Results;

namespace Repro.Core.Claims.Positions;

/// <summary>`at: final` (the default) — the last recorded value.</summary>
public sealed record Final : ClaimAt
{
    public override string Name => "final";

    public override string Doc => "the last recorded value";

    protected override double Take(TrialResult result, string metric) =>
        result.Series(metric).Select(p => p.Value).DefaultIfEmpty(double.NaN).Last();
}
