namespace Repro.Core.Claims.Trends;

/// <summary>`monotone: decreasing in PATH`.</summary>
public sealed record Decreasing : Trend
{
    public override string Name => "decreasing";

    public override string Doc => "the reduced value at each value of a numeric swept path, in increasing order of the path, strictly decreases at every step";

    public override bool Continues(double previous, double next, double slack) => next < previous + slack;
}
