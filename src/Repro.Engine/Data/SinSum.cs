using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>y = sin(x₁ + … + x_k) + noise·ε: a smooth nonlinear target that depends on a few inputs (seed 000).</summary>
public sealed class SinSum(Component c) : ITarget
{
    public static readonly KindInfo Kind = new("sin-sum", "y = sin(sum of the first `inputs` coordinates) + Gaussian label noise",
    [
        ParamInfo.Count("inputs", 5, "how many leading coordinates are summed"),
        // Bounded as sparse-linear's: with noise 1e12 the interpolant references fail.
        ParamInfo.NonNegative("noise", 0.3, "standard deviation of the label noise (at most 1e6, which the reference solvers still resolve)") with { Max = 1e6 },
    ])
    {
        Rules = [Rule.AtMost("inputs", "data.features")],
    };

    public ILabeler Draw(long features, Generator generator) => new Labeler(c.Int("inputs"), c.Double("noise"));

    sealed class Labeler(long inputs, double noise) : ILabeler
    {
        public Tensor Label(Tensor x, Generator generator)
        {
            var clean = x.narrow(1, 0, inputs).sum(1).sin();
            return LabelNoise.Added(clean, noise, generator);
        }

        public void Dispose() { }
    }
}
