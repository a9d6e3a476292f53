using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// AdamW: Adam plus weight decay decoupled from the gradient moments, θ ← θ(1 − ηλ) every step. Unlike an
/// L2 penalty inside Adam, the decay is not rescaled by √v̂, so it shrinks every weight at the same rate.
/// </summary>
public sealed class AdamW(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = StepSizes.Relative(new("adamw", "Adam with decoupled weight decay θ ← θ(1 − ηλ) (Loshchilov & Hutter)",
    [
        ParamInfo.Positive("lr", 1e-3, "step size η"),
        Adam.Beta("beta1", 0.9, "decay of the first-moment average (< 1)"),
        Adam.Beta("beta2", 0.999, "decay of the second-moment average (< 1)"),
        ParamInfo.Positive("eps", 1e-8, "added to √v̂ in the denominator"),
        ParamInfo.NonNegative("weight_decay", 0.01, "decoupled decay rate λ (per unit of η)"),
    ]));

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) =>
        new Adam.AdamRun(parameters, Adam.Settings(c, context.Lr, c.Double("weight_decay")));
}
