using Repro.Engine.Data;
using Repro.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>An `optimizer:` kind.</summary>
public interface IOptimizer
{
    /// <summary>Examples per step; null for full batch. Trials of one batch share it (one minibatch gather for all rows).</summary>
    long? BatchSize => null;

    /// <summary>
    /// The step size η that the schedule scales, from the kind's own parameter: the training clock advances by
    /// η·(schedule factor) per step (metrics read it as `Time` and `LearningRate`). 0 for a method without steps.
    /// </summary>
    double StepSize { get; }

    /// <summary>
    /// Why trials of this kind cannot share a batch bit-exactly with other trials (the log prints it), or null
    /// when each row of a batch computes what the trial computes alone.
    /// </summary>
    string? TrainsAlone => null;

    /// <summary>Starts optimizing these parameters; the run owns any state (momentum, moments) and frees it.</summary>
    IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context);
}

/// <summary>What an optimizer may look at besides gradients: the training data and the model (closed-form solvers use them).</summary>
public sealed record OptimizerContext(Dataset Data, IModel Model);

public interface IOptimizerRun : IDisposable
{
    /// <summary>Updates the parameters from their gradients, with the learning rate scaled by the schedule.</summary>
    void Step(double lrFactor);

    void IDisposable.Dispose() { }
}

/// <summary>
/// The shape every first-order update shares: p ← update(p, ∇p, −η·factor) for each parameter, without autograd.
/// The step comes as a Scalar held for the whole step (Runtime/Held.cs says why).
/// </summary>
public sealed class UpdateRun(IReadOnlyList<Tensor> parameters, double lr, Action<Tensor, Tensor, Scalar> update) : IOptimizerRun
{
    public void Step(double lrFactor)
    {
        using var _ = no_grad();
        using var descent = (-(lr * lrFactor)).ToScalar();
        foreach (var p in parameters)
        {
            using var grad = p.grad!;
            update(p, grad, descent);
        }
    }
}
