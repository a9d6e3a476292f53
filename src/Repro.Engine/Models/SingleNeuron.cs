using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// One neuron f(x) = ψ(⟨w, x⟩) with the leaky ReLU ψ(z) = max(z, s·z), 0 &lt; s ≤ 1: strictly increasing,
/// so ψ(Xw) = y means Xw = ψ⁻¹(y), and GD from zero (which stays in the row space) ends at the
/// minimum-norm such w.
/// </summary>
public sealed class SingleNeuron(Component c) : IVectorModel, Training.ILeanModel
{
    public static readonly KindInfo Kind = new("single-neuron", "f(x) = leaky-relu(⟨w, x⟩)",
    [
        ParamInfo.OneOf("activation", "leaky-relu", "the (strictly increasing) activation", "leaky-relu"),
        new ParamInfo("negative_slope", ParamType.Double, 0.2, "slope s of the leaky ReLU below zero") { Min = 0, MinExclusive = true, Max = 1 },
    ])
    {
        Provides = [Traits.Coefficients, Traits.FeatureCoefficients, Traits.PositiveCoefficients, Traits.PointPredictions],
        ParameterCount = (_, features) => features,
        CoefficientCount = (_, features) => features,
    };

    double Slope => c.Double("negative_slope");

    public IReadOnlyList<long[]> Shapes(long trials, long features) => [[trials, features]];

    public Tensor Design(Tensor x) => x;

    public Tensor Coefficients(IReadOnlyList<Tensor> parameters) => parameters[0];

    public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x) =>
        Held.LeakyRelu(BatchedProducts.MatVec(x, parameters[0]), Slope);

    /// <summary>
    /// The lean step: the forward, and as its backward leaky ReLU's (g where z &gt; 0, else g · s in the tensor's
    /// precision, as libtorch's leaky_relu_backward computes it), then the product's.
    /// </summary>
    public (Tensor Prediction, Func<Tensor, IReadOnlyList<Tensor>> Backward) ForwardWithBackward(IReadOnlyList<Tensor> parameters, Tensor x)
    {
        var z = BatchedProducts.MatVec(x, parameters[0]);
        return (Held.LeakyRelu(z, Slope), g => [BatchedProducts.MatVecGradient(x, where(z.gt(Held.Zero), g, g.Times(Slope)))]);
    }

    public Tensor InverseLink(Tensor y) => where(y.ge(Held.Zero), y, y.Over(Slope));
}
