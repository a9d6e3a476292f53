using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>f(x) = ⟨w, x⟩ (+ b): one coefficient vector, with the bias as a last coefficient on a constant 1 input.</summary>
public sealed class Linear(Component c) : IVectorModel, Training.ILeanModel
{
    public static readonly KindInfo Kind = new("linear", "a linear predictor", [ParamInfo.Flag("bias", false, "add an intercept")])
    {
        Provides =
        [
            Traits.Coefficients, Traits.LinearPredictor, Traits.LinearInCoefficients, Traits.PointPredictions, Traits.PositiveCoefficients,
            // With a bias the coefficients are one longer than the inputs.
            Traits.FeatureCoefficients.When("bias", v => v is false, "= false"),
        ],
        ParameterCount = (c, features) => features + (c.Bool("bias") ? 1 : 0),
        CoefficientCount = (c, features) => features + (c.Bool("bias") ? 1 : 0),
    };

    bool Bias => c.Bool("bias");

    public IReadOnlyList<long[]> Shapes(long trials, long features) => [[trials, features + (Bias ? 1 : 0)]];

    public Tensor Design(Tensor x) =>
        Bias ? cat([x, ones([.. x.shape[..^1], 1], dtype: x.dtype, device: x.device)], -1) : x;

    public Tensor Coefficients(IReadOnlyList<Tensor> parameters) => parameters[0];

    public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x) =>
        BatchedProducts.MatVec(Design(x), parameters[0]);

    /// <summary>The lean step: the forward, and as its backward the product's, the design being data.</summary>
    public (Tensor Prediction, Func<Tensor, IReadOnlyList<Tensor>> Backward) ForwardWithBackward(IReadOnlyList<Tensor> parameters, Tensor x)
    {
        var design = Design(x);
        return (BatchedProducts.MatVec(design, parameters[0]), g => [BatchedProducts.MatVecGradient(design, g)]);
    }
}
