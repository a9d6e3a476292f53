using Repro.Core.Catalog;
using Repro.Core.Spec;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Greedy coordinate descent: each step moves only the coordinate with the largest |∂L/∂θⱼ| (over all
/// parameters of a trial) by −η ∂L/∂θⱼ. This is steepest descent w.r.t. the L1 norm.
/// </summary>
public sealed class CoordinateDescent(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = StepSizes.Relative(new("coordinate-descent", "greedy coordinate descent (Gauss-Southwell): steepest descent w.r.t. the L1 norm",
        [ParamInfo.Positive("lr", 0.01, "step size η")]));

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) => new Run(parameters, context.Lr);

    sealed class Run(IReadOnlyList<Tensor> parameters, double lr) : IOptimizerRun
    {
        public void Step(double lrFactor, Tensor losses)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var grads = parameters.Select(p => p.grad!.flatten(1)).ToList();
            var all = cat(grads, 1);                                          // [K, P]
            var mask = nn.functional.one_hot(all.abs().argmax(1), all.shape[1]).to(all.dtype);
            using var descent = (-lr * lrFactor).ToScalar();
            long offset = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                long size = grads[i].shape[1];
                var step = (grads[i] * mask.narrow(1, offset, size)).reshape(parameters[i].shape);
                parameters[i].add_(step, alpha: descent);
                offset += size;
            }
        }
    }
}
