using Repro.Engine.Losses;
using Repro.Engine.Models;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// A model whose gradient is a short fixed composition of its forward's ops: its forward (the same ops as
/// <see cref="IModel.Forward"/>) also returns its backward, which maps ∂L/∂prediction to ∂L/∂parameter for each
/// parameter with exactly the ops, in exactly the order and layout, that autograd's backward runs, reusing what the
/// forward computed, so the bits are autograd's (tests/Repro.Tests/Engine/LeanStepTests.cs proves it over many
/// steps, alone and batched, for every model and loss that implements it).
/// </summary>
public interface ILeanModel
{
    (Tensor Prediction, Func<Tensor, IReadOnlyList<Tensor>> Backward) ForwardWithBackward(IReadOnlyList<Tensor> parameters, Tensor x);
}

/// <summary>A loss whose gradient with respect to the prediction, for Σ_k loss_k, is a short fixed composition: autograd's ops, as for <see cref="ILeanModel"/>.</summary>
public interface ILeanLoss
{
    Tensor GradPrediction(Tensor prediction, Tensor target);
}

/// <summary>
/// The lean step: the forward without a graph, then the gradient by <see cref="ILeanLoss"/> and <see cref="ILeanModel"/>,
/// accumulated into each parameter's .grad as autograd's AccumulateGrad would (set on the first step, added to the
/// zeroed gradient after). Used whenever the model and the loss both have it; autograd otherwise.
/// </summary>
public sealed class LeanGradient(ILeanModel model, ILeanLoss loss)
{
    /// <summary>Off: every step goes through autograd (the tests compare the two; `REPRO_LEAN=0` turns it off for a benchmark).</summary>
    public static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("REPRO_LEAN") != "0";

    /// <summary>The lean step for this model and loss; null where one of them has none (or it is switched off).</summary>
    public static LeanGradient? Of(IModel model, ILoss loss) =>
        Enabled && model is ILeanModel m && loss is ILeanLoss l ? new LeanGradient(m, l) : null;

    /// <summary>The per-trial losses [K] and the gradients of their sum with respect to <paramref name="parameters"/>.</summary>
    public (Tensor PerTrial, IReadOnlyList<Tensor> Gradients) Step(ILoss compute, IReadOnlyList<Tensor> parameters, Tensor x, Tensor y)
    {
        using var noGraph = no_grad();
        var (prediction, backward) = model.ForwardWithBackward(parameters, x);
        var perTrial = compute.Compute(prediction, y);
        return (perTrial, backward(loss.GradPrediction(prediction, y)));
    }

    /// <summary>Adds <paramref name="gradient"/> into a leaf's .grad as AccumulateGrad does: the first becomes .grad, later ones are added to it.</summary>
    public static void Accumulate(Tensor leaf, Tensor gradient)
    {
        if (leaf.grad is { } existing) existing.PlusInPlace(gradient);
        else leaf.grad = gradient.detach().clone();
    }
}
