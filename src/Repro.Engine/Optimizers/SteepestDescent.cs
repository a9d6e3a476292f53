using Repro.Core.Catalog;
using Repro.Core.Spec;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Steepest descent w.r.t. a norm (Gunasekar et al. 2018): Δθ = −η‖g‖_* s with s = argmax_{‖s‖ ≤ 1} ⟨s, g⟩, the
/// gradient g taken over all parameters of a trial together. l2: Δθ = −ηg (gradient descent); l1: only the coordinate
/// with the largest |gⱼ| moves, by −ηgⱼ (coordinate descent); linf: Δθ = −η‖g‖₁ sign(g) (sign descent scaled by the
/// dual norm). `normalize: loss` divides the step by the trial's current training loss, η_t = η/L(θ_t): the step
/// size of that paper's analysis of separable data under the exponential loss. The direction is linear in g, so
/// η_t·Δθ is the same whether L is a mean or a sum over the points.
/// </summary>
public sealed class SteepestDescent(Component c) : IOptimizer
{
    /// <summary>‖g‖_* s for each norm, per row of g [k, P]: the step before −η.</summary>
    static readonly IReadOnlyDictionary<string, Func<Tensor, Tensor>> Directions = new Dictionary<string, Func<Tensor, Tensor>>
    {
        ["l1"] = g => g * nn.functional.one_hot(g.abs().argmax(1), g.shape[1]).to(g.dtype),
        ["l2"] = g => g.clone(),
        ["linf"] = g => g.sign().mul_(g.abs().sum(1, keepdim: true)),
    };

    public static readonly KindInfo Kind = StepSizes.Relative(new("steepest-descent", "full-batch steepest descent w.r.t. the l1, l2 or l∞ norm, Δθ = −η‖g‖_* argmax_{‖s‖≤1}⟨s, g⟩; normalize: loss steps η/L(θ_t)",
    [
        ParamInfo.Positive("lr", 0.01, "step size η"),
        ParamInfo.OneOf("norm", "l2", "the norm: l1 (coordinate descent on the largest |gⱼ|), l2 (gradient descent), linf (‖g‖₁·sign(g))", "l1", "l2", "linf"),
        ParamInfo.OneOf("normalize", "none", "none: steps of η; loss: steps of η/L(θ_t), the trial's full-batch training loss before the step (the clock `Time` and the metric step_size still count η)", "none", "loss"),
    ]));

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) =>
        new Run(parameters, context.Lr, Directions[c.Text("norm")], c.Text("normalize") == "loss");

    sealed class Run(IReadOnlyList<Tensor> parameters, double lr, Func<Tensor, Tensor> direction, bool normalized) : IOptimizerRun
    {
        public void Step(double lrFactor, Tensor losses)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var gradient = cat(parameters.Select(p => p.grad!.flatten(1)).ToList(), 1);           // [k, P]: rows are trials
            var step = direction(gradient);
            if (normalized) step.div_(losses.view(-1, 1));
            using var descent = (-lr * lrFactor).ToScalar();
            long offset = 0;
            foreach (var p in parameters)
            {
                long size = p.numel() / p.shape[0];
                p.add_(step.narrow(1, offset, size).reshape(p.shape), alpha: descent);
                offset += size;
            }
        }
    }
}
