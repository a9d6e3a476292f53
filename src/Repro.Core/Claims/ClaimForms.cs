using Repro.Core.Claims.Comparisons;
using Repro.Core.Claims.Contrasts;
using Repro.Core.Claims.Positions;
using Repro.Core.Claims.Reducers;
using Repro.Core.Claims.Scaling;
using Repro.Core.Claims.Trends;
using Repro.Core.Spec.Forms;

namespace Repro.Core.Claims;

/// <summary>
/// Every form of the claim language, one line each, in the order the README lists them. Adding a statistic is one
/// file under Reducers/ plus one line here: the loader, the JSON Schema, the README check and the error messages
/// (with their did-you-mean) read these lists.
/// </summary>
public static class ClaimForms
{
    /// <summary>`expect:` operators (also those of `at: first METRIC OP NUMBER`).</summary>
    public static readonly FormRegistry<Comparison> Expect = new("expect")
    {
        new Below(),
        new AtMost(),
        new Above(),
        new AtLeast(),
        new EqualWithin(),
    };

    /// <summary>`at:` positions along a trial's path.</summary>
    public static readonly FormRegistry<ClaimAt> At = new("at", defaultName: "final")
    {
        new Final(),
        new Lowest(),
        new Highest(),
        new AtStep(),
        new FirstWhen(),
        new LastWhen(),
        new WindowMean(),
        new Longest(),
    };

    /// <summary>`reduce:` statistics and votes over the selected trials.</summary>
    public static readonly FormRegistry<Reducer> Reduce = new("reduce")
    {
        new Max(),
        new Min(),
        new Mean(),
        new Median(),
        new Quantile(),
        new Std(),
        new All(),
        new Any(),
        new AtLeastOf(),
    };

    /// <summary>`monotone:` directions.</summary>
    public static readonly FormRegistry<Trend> Monotone = new("monotone")
    {
        new Increasing(),
        new Decreasing(),
    };

    /// <summary>`as:` — how `compare:` makes one number of its two values.</summary>
    public static readonly FormRegistry<Contrast> As = new("as")
    {
        new Ratio(),
        new Difference(),
    };

    /// <summary>`scaling:` laws, each a number per series across a numeric swept path.</summary>
    public static readonly FormRegistry<ScalingLaw> Scaling = new("scaling")
    {
        new Exponent(),
        new Prefactor(),
    };
}
