using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Mirror descent ∇ψ(θ⁺) = ∇ψ(θ) − η∇L(θ). With the entropy potential ψ(θ) = Σ θ log θ − θ this is the
/// exponentiated gradient update θ ← θ ⊙ exp(−η∇L), which keeps θ positive (start from a positive init).
/// </summary>
public sealed class MirrorDescent(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = new("mirror-descent", "mirror descent; potential entropy gives exponentiated gradient (θ must start positive)",
    [
        ParamInfo.Positive("lr", 0.01, "step size η"),
        ParamInfo.OneOf("potential", "entropy", "the mirror map ψ", "entropy"),
    ])
    {
        // From θ = 0 the update never moves, and below 0 the entropy potential is undefined.
        Needs = [Need.Init(Traits.PositiveStart, "the entropy potential is defined for θ > 0 only")],
    };

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) =>
        new UpdateRun(parameters, StepSize, (p, g, descent) => p.mul_(g.mul(descent).exp_()));
}
