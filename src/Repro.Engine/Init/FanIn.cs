using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>
/// LeCun-style scaling for layered models: entries N(0, gain²/fan_in), fan_in being a parameter's first
/// dimension after the trial dimension (the `in` of a [K, in, out] weight, the features of a [K, features]
/// vector). Each layer then keeps its pre-activations at about gain² times its inputs' mean square, which
/// a single `normal` scale cannot do for layers of different widths.
/// </summary>
public sealed class FanIn(Component c) : IInitializer
{
    public static readonly KindInfo Kind = new("fan-in", "i.i.d. N(0, gain²/fan_in), fan_in = a parameter's size after the trial dimension (the `in` of [K, in, out])",
        [ParamInfo.Positive("gain", 1.0, "standard deviation times √fan_in (at most 1e6, as `normal`'s scale)") with { Max = 1e6 }]);

    public Tensor Sample(long[] shape, Generator generator)
    {
        long fanIn = shape.Length > 1 ? shape[1] : 1;
        return randn(shape, dtype: ScalarType.Float64, generator: generator).TimesInPlace(c.Double("gain") / Math.Sqrt(fanIn));
    }
}
