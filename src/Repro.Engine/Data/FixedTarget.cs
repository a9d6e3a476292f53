using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>y = ⟨θ*, x⟩ + noise·ε with θ* written in the spec, one entry per input feature.</summary>
public sealed class FixedTarget(Component c) : ITarget
{
    public static readonly KindInfo Kind = new("fixed", "a linear function with coefficients written in the spec, plus Gaussian label noise",
    [
        ParamInfo.Vector("values", "the coefficients θ*, one per input feature", "[1, 0, 0, -0.5]"),
        ParamInfo.NonNegative("noise", 0.0, "standard deviation of the label noise (at most 1e6)") with { Max = 1e6 },
    ])
    {
        Provides = [Traits.TrueCoefficients, Traits.ExactLinearTargets.When("noise", v => (double)v == 0, "= 0")],
        Rules = [Rule.LengthEquals("values", "data.features")],
    };

    public ILabeler Draw(long features, Generator generator) =>
        new LinearLabeler(tensor(c.List("values").Values.ToArray(), dtype: ScalarType.Float64), c.Double("noise"));
}
