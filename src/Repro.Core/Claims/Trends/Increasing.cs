namespace Repro.Core.Claims.Trends;

/// <summary>`monotone: increasing in PATH`.</summary>
public sealed record Increasing : Trend
{
    public override string Name => "increasing";

    public override string Doc => "the reduced value at each value of a numeric swept path, in increasing order of the path, strictly increases at every step";

    public override bool Continues(double previous, double next, double slack) => next > previous - slack;
}
