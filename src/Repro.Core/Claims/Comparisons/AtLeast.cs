using Repro.Core.Claims.Reducers;

namespace Repro.Core.Claims.Comparisons;

/// <summary>`expect: "&gt;= B"`.</summary>
public sealed record AtLeast : Comparison
{
    public override string Name => ">=";

    public override string Doc => "at least B; reduce defaults to `min`";

    public override Reducer DefaultReduce => new Min();

    public override double Margin(double value, double bound, double slack) => value - (bound - slack);

    public override bool Inside(double margin) => margin >= 0;
}
