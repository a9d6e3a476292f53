using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>θ ← θ − η sign(∇L): steepest descent in the L∞ norm (the geometry behind Adam-like methods).</summary>
public sealed class SignGd(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = StepSizes.Relative(new("sign-gd", "sign gradient descent: steepest descent w.r.t. the L∞ norm",
        [ParamInfo.Positive("lr", 0.01, "step size η")]));

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) =>
        new UpdateRun(parameters, context.Lr, (p, g, descent) => p.add_(g.sign(), alpha: descent));
}
