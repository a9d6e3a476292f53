using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>Pure noise: y = noise·ε, unrelated to the inputs (θ* = 0), for memorization and benign-overfitting settings.</summary>
public sealed class NoiseTarget(Component c) : ITarget
{
    public static readonly KindInfo Kind = new("noise", "labels that are Gaussian noise alone, unrelated to the inputs (θ* = 0)",
    [
        ParamInfo.Positive("noise", 1.0, "standard deviation of the labels (at most 1e6)") with { Max = 1e6 },
    ])
    {
        Provides = [Traits.TrueCoefficients],
    };

    public ILabeler Draw(long features, Generator generator) => new LinearLabeler(zeros([features], dtype: ScalarType.Float64), c.Double("noise"));
}
