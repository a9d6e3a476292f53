using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// y = ⟨θ*, x⟩ + noise·ε with θ* k-sparse of fixed magnitude: `nonzeros` random coordinates each ±`magnitude`/√k
/// (so ‖θ*‖₂ = magnitude), or +magnitude/√k with `positive` — Woodworth et al. 2020's β* with entries 1/√k.
/// </summary>
public sealed class SparseFixed(Component c) : ITarget
{
    public static readonly KindInfo Kind = new("sparse-fixed", "a linear function of `nonzeros` random coordinates, each of size magnitude/√nonzeros (‖θ*‖₂ = magnitude), plus Gaussian label noise",
    [
        ParamInfo.Count("nonzeros", 5, "coordinates the target depends on"),
        ParamInfo.Positive("magnitude", 1.0, "‖θ*‖₂: each non-zero entry is magnitude/√nonzeros in size (at most 1e6)") with { Max = 1e6 },
        ParamInfo.Flag("positive", true, "every non-zero entry positive (else a random sign each)"),
        ParamInfo.NonNegative("noise", 0.0, "standard deviation of the label noise (at most 1e6)") with { Max = 1e6 },
    ])
    {
        Provides = [Traits.TrueCoefficients, Traits.ExactLinearTargets.When("noise", v => (double)v == 0, "= 0")],
        Rules = [Rule.AtMost("nonzeros", "data.features")],
    };

    public ILabeler Draw(long features, Generator generator)
    {
        long k = c.Int("nonzeros");
        double size = c.Double("magnitude") / Math.Sqrt(k);
        return LinearLabeler.Sparse(features, k, generator, () =>
        {
            var values = Held.Full([k], size, ScalarType.Float64);
            return c.Bool("positive") ? values
                : values.mul(randint(0, 2, [k], dtype: ScalarType.Int64, generator: generator).to(ScalarType.Float64).Times(2.0).Minus(1.0));
        }, c.Double("noise"));
    }
}
