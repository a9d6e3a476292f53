using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// A diagonal linear network: w = u^L − v^L (elementwise), f(x) = ⟨w, x⟩. With u = v = α·1 at init,
/// small α gives the rich regime (min-L1-like), large α the kernel regime (min-L2-like).
/// </summary>
public sealed class DiagonalNet(Component c) : IVectorModel, Training.ILeanModel
{
    public static readonly KindInfo Kind = new("diagonal-net", "w = u^depth − v^depth, f(x) = ⟨w, x⟩ (init sets u and v alike)",
        [ParamInfo.Count("depth", 2, "the power L (2 is Woodworth et al.'s u∘u − v∘v)", min: 1)])
    {
        // Not PositiveCoefficients: w = u^L − v^L is 0 when u and v start alike.
        Provides =
        [
            Traits.Coefficients, Traits.FeatureCoefficients, Traits.LinearInCoefficients, Traits.PointPredictions,
            Traits.QuadraticDiagonal.When("depth", v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) == 2, "= 2"),
        ],
        ParameterCount = (_, features) => 2 * features,
        CoefficientCount = (_, features) => features,
    };

    long Depth => c.Int("depth");

    public IReadOnlyList<long[]> Shapes(long trials, long features) => [[trials, features], [trials, features]];

    public Tensor Design(Tensor x) => x;

    public Tensor Coefficients(IReadOnlyList<Tensor> parameters) => parameters[0].Pow(Depth) - parameters[1].Pow(Depth);

    public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x) =>
        BatchedProducts.MatVec(x, Coefficients(parameters));

    /// <summary>
    /// The lean step's backward, as autograd's forms it: the product's backward gives g_w; pow's backward
    /// (exponent L as a double) g_w ⊙ (L · u^(L−1)) for u, and for v the same of −g_w, subtraction's backward.
    /// </summary>
    public (Tensor Prediction, Func<Tensor, IReadOnlyList<Tensor>> Backward) ForwardWithBackward(IReadOnlyList<Tensor> parameters, Tensor x) =>
        (Forward(parameters, x), g =>
        {
            var gw = BatchedProducts.MatVecGradient(x, g);
            return [PowBackward(gw, parameters[0]), PowBackward(gw.neg(), parameters[1])];
        });

    Tensor PowBackward(Tensor grad, Tensor self)
    {
        using var exponent = ((double)Depth).ToScalar();
        using var lower = ((double)Depth - 1).ToScalar();
        return grad.mul(self.pow(lower).mul(exponent));
    }
}
