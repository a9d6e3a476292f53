using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>θ ← θ − η ∇L(θ) on the full training set.</summary>
public sealed class GradientDescent(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = StepSizes.Relative(new("gd", "full-batch gradient descent",
        [ParamInfo.Positive("lr", 0.01, "step size η")]));

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) =>
        new UpdateRun(parameters, context.Lr, (p, g, descent) => p.add_(g, alpha: descent));
}
