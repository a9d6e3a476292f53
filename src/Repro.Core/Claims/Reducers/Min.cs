namespace Repro.Core.Claims.Reducers;

/// <summary>`reduce: min` — the default for a lower bound: it holds only if every trial's value does.</summary>
public sealed record Min : Statistic
{
    public override string Name => "min";

    public override string Doc => "the smallest value";

    protected override double Of(IReadOnlyList<double> values) => values.Min();
}
