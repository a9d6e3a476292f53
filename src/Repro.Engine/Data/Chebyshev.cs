using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// y = T_k(x₁) + noise·ε: the Chebyshev polynomial of the first kind of degree k at the first input coordinate,
/// by the three-term recurrence T₀ = 1, T₁ = x, T_{n+1} = 2x·T_n − T_{n−1} (in float64; on [-1, 1], T_k = cos(k·arccos x)).
/// </summary>
public sealed class Chebyshev(Component c) : ITarget
{
    public static readonly KindInfo Kind = new("chebyshev", "the Chebyshev polynomial T_k of the first input coordinate, plus Gaussian label noise",
    [
        ParamInfo.Count("degree", 3, "k, the polynomial's degree (at most 1000)", min: 0) with { Max = 1000 },
        ParamInfo.NonNegative("noise", 0.0, "standard deviation of the label noise (at most 1e6)") with { Max = 1e6 },
    ]);

    public ILabeler Draw(long features, Generator generator) => new Labeler(c.Int("degree"), c.Double("noise"));

    sealed class Labeler(long degree, double noise) : ILabeler
    {
        public Tensor Label(Tensor x, Generator generator)
        {
            var t = x.select(1, 0);
            Tensor previous = ones_like(t), current = t.clone();
            if (degree == 0) current = previous;
            for (long n = 1; n < degree; n++)
                (previous, current) = (current, t.mul(current).Times(2.0).sub(previous));
            return LabelNoise.Added(current, noise, generator);
        }

        public void Dispose() { }
    }
}
