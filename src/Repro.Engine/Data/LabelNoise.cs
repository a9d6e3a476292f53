using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>The targets' Gaussian label noise: noise·N(0, 1) per label from the trial's generator, nothing drawn at noise 0.</summary>
static class LabelNoise
{
    public static Tensor Added(Tensor clean, double noise, Generator generator) =>
        noise == 0 ? clean : clean.Plus(randn(clean.shape, dtype: ScalarType.Float64, generator: generator).Times(noise));
}
