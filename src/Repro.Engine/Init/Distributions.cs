using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>Draws with a given standard deviation: normal, or uniform U(−a, a) with a = √3·σ (the same variance).</summary>
static class Distributions
{
    public static Tensor Draw(long[] shape, string distribution, double std, Generator generator) => distribution == "uniform"
        ? rand(shape, dtype: ScalarType.Float64, generator: generator).TimesInPlace(2 * Math.Sqrt(3) * std).Minus(Math.Sqrt(3) * std)
        : randn(shape, dtype: ScalarType.Float64, generator: generator).TimesInPlace(std);
}
