using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

public sealed class Normal(Component c) : IInitializer
{
    // Bounded: a start of 1e300 overflows the first forward pass (and float32 overflows long before), leaving nothing to train.
    public static readonly KindInfo Kind = new("normal", "i.i.d. N(0, scale²) entries",
        [ParamInfo.Positive("scale", 1.0, "standard deviation (at most 1e6)") with { Max = 1e6 }]);

    public Tensor Sample(long[] shape, Generator generator) =>
        randn(shape, dtype: ScalarType.Float64, generator: generator).TimesInPlace(c.Double("scale"));
}
