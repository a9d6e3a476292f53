using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Gradient descent on minibatches: drawn without replacement, reshuffled every epoch (the default), or with
/// replacement, b indices drawn uniformly and independently every step (the sampling most SGD theory assumes).
/// </summary>
public sealed class Sgd(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = StepSizes.Relative(new("sgd", "minibatch stochastic gradient descent (reshuffled each epoch, last partial batch dropped; or drawn with replacement)",
    [
        ParamInfo.Positive("lr", 0.01, "step size η"),
        ParamInfo.Count("batch_size", 1, "examples per step"),
        // Added after results were published: without replacement (false) it stays out of the canonical form.
        ParamInfo.Flag("replacement", false, "draw each step's batch_size examples uniformly with replacement from the trial's batch stream, instead of taking the next ones of an epoch's permutation") with { Added = true },
    ])
    {
        Rules = [Rule.AtMost("batch_size", "data.n_train")],
    });

    public double StepSize => c.Double("lr");

    public long? BatchSize => c.Int("batch_size");

    public bool Replacement => c.Bool("replacement");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) =>
        new UpdateRun(parameters, context.Lr, (p, g, descent) => p.add_(g, alpha: descent));
}
