using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// A deep linear network f(x) = ⟨w, x⟩ with w = W_depth ⋯ W_1 (W_1 width × d, inner factors width × width, W_depth
/// 1 × width): linear in the input, not in its parameters, so gradient descent on it has a bias of its own (Arora et
/// al. 2019; Gunasekar et al. 2018). Depth 1 is the linear model itself. The effective coefficients are w.
/// </summary>
public sealed class DeepLinear(Component c) : IVectorModel
{
    public static readonly KindInfo Kind = new("deep-linear", "a deep linear network: w = W_depth ⋯ W_1, f(x) = ⟨w, x⟩",
    [
        ParamInfo.Count("depth", 2, "number of factors (1 = the linear model)"),
        ParamInfo.Count("width", 10, "width of the hidden layers"),
    ])
    {
        Provides = [Traits.Coefficients, Traits.FeatureCoefficients, Traits.LinearInCoefficients, Traits.PointPredictions],
        CoefficientCount = (c, features) => features,
        ParameterCount = (c, features) => c.Int("depth") == 1 ? features
            : c.Int("width") * features + (c.Int("depth") - 2) * (double)c.Int("width") * c.Int("width") + c.Int("width"),
    };

    long Depth => c.Int("depth");
    long Width => c.Int("width");

    public IReadOnlyList<long[]> Shapes(long trials, long features) => Depth == 1
        ? [[trials, 1, features]]
        : [.. Enumerable.Range(0, (int)Depth).Select(i => i switch
        {
            0 => new[] { trials, Width, features },
            _ when i == Depth - 1 => [trials, 1, Width],
            _ => [trials, Width, Width],
        })];

    public Tensor Design(Tensor x) => x;

    /// <summary>W_depth ⋯ W_1 [K, 1, d], multiplied from the right (W_1 first) in a fixed order, as the row w [K, d].</summary>
    public Tensor Coefficients(IReadOnlyList<Tensor> parameters)
    {
        var w = parameters[0];
        for (int i = 1; i < parameters.Count; i++) w = parameters[i].bmm(w);
        return w.squeeze(1);
    }

    public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x) => BatchedProducts.MatVec(x, Coefficients(parameters));
}
