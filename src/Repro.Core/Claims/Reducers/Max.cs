namespace Repro.Core.Claims.Reducers;

/// <summary>`reduce: max` — the default for an upper bound: it holds only if every trial's value does.</summary>
public sealed record Max : Statistic
{
    public override string Name => "max";

    public override string Doc => "the largest value";

    protected override double Of(IReadOnlyList<double> values) => values.Max();
}
