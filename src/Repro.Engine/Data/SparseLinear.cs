using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>y = ⟨θ*, x⟩ + noise·ε with θ* having `nonzeros` N(0, 1) entries at random coordinates.</summary>
public sealed class SparseLinear(Component c) : ITarget
{
    public static readonly KindInfo Kind = new("sparse-linear", "a linear function of a few coordinates plus Gaussian label noise",
    [
        ParamInfo.Count("nonzeros", 5, "coordinates the target depends on"),
        // Bounded: with noise 1e12 the interpolant references fail (GLOP ends ABNORMAL); 1e308 overflows the labels.
        ParamInfo.NonNegative("noise", 0.0, "standard deviation of the label noise (at most 1e6, which the reference solvers still resolve)") with { Max = 1e6 },
        ParamInfo.Flag("nonnegative", false, "draw the non-zero values as |N(0, 1)| (a positive interpolant then exists, for mirror descent)"),
    ])
    {
        Provides = [Traits.TrueCoefficients, Traits.ExactLinearTargets.When("noise", v => (double)v == 0, "= 0")],
        Rules = [Rule.AtMost("nonzeros", "data.features")],
    };

    public ILabeler Draw(long features, Generator generator)
    {
        long k = c.Int("nonzeros");
        return LinearLabeler.Sparse(features, k, generator, () =>
        {
            var values = randn([k], dtype: ScalarType.Float64, generator: generator);
            return c.Bool("nonnegative") ? values.abs() : values;
        }, c.Double("noise"));
    }
}
