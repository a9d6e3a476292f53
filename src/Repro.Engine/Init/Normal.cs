using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

public sealed class Normal(Component c) : IInitializer
{
    public static readonly KindInfo Kind = new("normal", "i.i.d. N(0, scale²) entries",
        [ParamInfo.Positive("scale", 1.0, "standard deviation")]);

    public Tensor Sample(long[] shape, Generator generator) =>
        randn(shape, dtype: ScalarType.Float64, generator: generator).TimesInPlace(c.Double("scale"));
}
