using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>Every parameter starts at the same value: the α of diagonal networks (u = v = α·1).</summary>
public sealed class ConstantInit(Component c) : IInitializer
{
    // Bounded as `normal`'s scale: a start beyond ±1e6 leaves nothing to train.
    public static readonly KindInfo Kind = new("constant", "every parameter starts at `value`",
        [new ParamInfo("value", ParamType.Double, 1.0, "the starting value (within ±1e6)") { Min = -1e6, Max = 1e6 }])
    {
        Provides = [Traits.PositiveStart.When("value", v => (double)v > 0, "> 0"), Traits.ConstantStart.When("value", v => (double)v != 0, "≠ 0")],
    };

    public Tensor Sample(long[] shape, Generator generator) => Held.Full(shape, c.Double("value"), ScalarType.Float64);
}
