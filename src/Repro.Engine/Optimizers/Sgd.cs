using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>Gradient descent on minibatches drawn without replacement, reshuffled every epoch.</summary>
public sealed class Sgd(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = new("sgd", "minibatch stochastic gradient descent (reshuffled each epoch, last partial batch dropped)",
    [
        ParamInfo.Positive("lr", 0.01, "step size η"),
        ParamInfo.Count("batch_size", 1, "examples per step"),
    ])
    {
        Rules = [Rule.AtMost("batch_size", "data.n_train")],
    };

    public double StepSize => c.Double("lr");

    public long? BatchSize => c.Int("batch_size");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) =>
        new UpdateRun(parameters, StepSize, (p, g, descent) => p.add_(g, alpha: descent));
}
