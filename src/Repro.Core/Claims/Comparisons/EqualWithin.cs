using Repro.Core.Claims.Reducers;

namespace Repro.Core.Claims.Comparisons;

/// <summary>`expect: "== B"` — equal within the claim's tolerance, which it requires: floating-point results are never exactly equal by design.</summary>
public sealed record EqualWithin : Comparison
{
    public override string Name => "==";

    public override string Doc => "within the tolerance of B (a tolerance is required); reduce defaults to `all`";

    public override Reducer DefaultReduce => new All();

    public override bool NeedsTolerance => true;

    public override double Margin(double value, double bound, double slack) => slack - Math.Abs(value - bound);

    public override bool Inside(double margin) => margin >= 0;
}
