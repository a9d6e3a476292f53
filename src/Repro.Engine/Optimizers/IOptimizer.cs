using Repro.Engine.Data;
using Repro.Engine.Losses;
using Repro.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;
using Repro.Engine.Numerics;

namespace Repro.Engine.Optimizers;

/// <summary>An `optimizer:` kind.</summary>
public interface IOptimizer
{
    /// <summary>Examples per step; null for full batch. Trials of one batch share it (one minibatch gather for all rows).</summary>
    long? BatchSize => null;

    /// <summary>Whether each minibatch draws its examples with replacement (then even <see cref="BatchSize"/> = n is a sample); shared like it.</summary>
    bool Replacement => false;

    /// <summary>
    /// The step size η that the schedule scales, from the kind's own parameter, before `lr_scale` resolves it per
    /// trial (<see cref="StepSizes"/>): the training clock advances by the resolved η·(schedule factor) per step
    /// (metrics read it as `Time` and `LearningRate`). 0 for a method without steps.
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

/// <summary>
/// What an optimizer may look at besides gradients, for its rows of the batch: the training data, the model and the
/// loss (closed-form solvers and <see cref="Gradient"/> use them), and <paramref name="Lr"/>, the step size η these rows
/// share: the kind's `lr` resolved by `lr_scale` (<see cref="StepSizes"/>), which the run scales by the schedule.
/// </summary>
public sealed record OptimizerContext(Dataset Data, IModel Model, ILoss Loss, double Lr)
{
    /// <summary>
    /// The gradient of the full-batch training loss of these rows at parameter values <paramref name="at"/> ([k, ...],
    /// shaped like the parameters), one tensor per parameter: what an integrator needs between the trainer's steps.
    /// Each row's gradient is its own trial's (the loss is summed over rows), as the trainer's backward computes it.
    /// </summary>
    public IReadOnlyList<Tensor> Gradient(IReadOnlyList<Tensor> at)
    {
        using var _ = enable_grad();
        var leaves = at.Select(p => p.detach().requires_grad_(true)).ToList();
        var total = Loss.Compute(Model.Forward(leaves, Data.XTrain), Data.YTrain).sum();
        return [.. Gradients.Of([total], leaves)];
    }
}

public interface IOptimizerRun : IDisposable
{
    /// <summary>
    /// Updates the parameters from their gradients, with the learning rate scaled by the schedule.
    /// <paramref name="losses"/> [k] is this step's loss of each row, at the parameters the gradients were taken at
    /// (the minibatch's; detached), for step sizes that depend on it.
    /// </summary>
    void Step(double lrFactor, Tensor losses);

    void IDisposable.Dispose() { }
}

/// <summary>
/// The shape every first-order update shares: p ← update(p, ∇p, −η·factor) for each parameter, without autograd.
/// The step comes as a Scalar held for the whole step (Runtime/Held.cs says why).
/// </summary>
public sealed class UpdateRun(IReadOnlyList<Tensor> parameters, double lr, Action<Tensor, Tensor, Scalar> update) : IOptimizerRun
{
    public void Step(double lrFactor, Tensor losses)
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
