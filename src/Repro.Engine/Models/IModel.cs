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

    /// <summary>What each tensor of <see cref="Shapes"/> is, for layer-aware initializers; each on its own unless the model says more.</summary>
    IReadOnlyList<Init.ParameterRole> Roles(long trials, long features) => [.. Shapes(trials, features).Select(Init.ParameterRole.Of)];

    Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x);
}

/// <summary>
/// A model that predicts ψ(⟨w, a(x)⟩) for an effective coefficient vector w, a design a(x) and an
/// increasing link ψ. Reference solutions (min-norm, min-L1, max-margin, ...) are stated in terms of w.
/// </summary>
public interface IVectorModel : IModel
{
    /// <summary>The design matrix [K, n, P] whose product with w [K, P] is the pre-activation.</summary>
    Tensor Design(Tensor x);

    /// <summary>The effective coefficient vector w [K, P] the parameters represent.</summary>
    Tensor Coefficients(IReadOnlyList<Tensor> parameters);

    /// <summary>ψ⁻¹ applied to targets: the pre-activations an interpolant must produce (identity for linear models).</summary>
    Tensor InverseLink(Tensor y) => y;
}
