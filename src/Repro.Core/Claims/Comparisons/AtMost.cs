using Repro.Core.Claims.Reducers;

namespace Repro.Core.Claims.Comparisons;

/// <summary>`expect: "&lt;= B"`.</summary>
public sealed record AtMost : Comparison
{
    public override string Name => "<=";

    public override string Doc => "at most B; reduce defaults to `max`";

    public override Reducer DefaultReduce => new Max();

    public override double Margin(double value, double bound, double slack) => bound + slack - value;

    public override bool Inside(double margin) => margin >= 0;
}
