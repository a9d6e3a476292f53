using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

public sealed class Zeros : IInitializer
{
    public static readonly KindInfo Kind = new("zeros", "every parameter starts at 0", []);

    public Tensor Sample(long[] shape, Generator generator) => zeros(shape, dtype: ScalarType.Float64);
}
