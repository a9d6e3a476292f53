using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// A `model:` kind. Parameters carry a leading trial dimension K; <see cref="Forward"/> maps inputs
/// [K, n, d] to predictions [K, n].
/// </summary>
public interface IModel
{
    /// <summary>The shapes of the parameter tensors for K trials on inputs of dimension <paramref name="features"/>.</summary>
    IReadOnlyList<long[]> Shapes(long trials, long features);

    Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x);
}

/// <summary>A model that is linear in its parameters: prediction = design(x) · θ. Min-norm references apply.</summary>
public interface ILinearModel : IModel
{
    /// <summary>The design matrix [K, n, P] whose product with θ [K, P] is the prediction.</summary>
    Tensor Design(Tensor x);

    /// <summary>The coefficient vector θ [K, P].</summary>
    Tensor Coefficients(IReadOnlyList<Tensor> parameters);
}
