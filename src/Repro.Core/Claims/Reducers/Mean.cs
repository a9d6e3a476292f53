namespace Repro.Core.Claims.Reducers;

/// <summary>`reduce: mean`.</summary>
public sealed record Mean : Statistic
{
    public override string Name => "mean";

    public override string Doc => "the arithmetic mean";

    protected override double Of(IReadOnlyList<double> values) => values.Average();
}
