using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Numerics;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Mirror descent ∇ψ(θ⁺) = ∇ψ(θ) − η∇L(θ). With the entropy potential ψ(θ) = Σ θ log θ − θ this is the
/// exponentiated gradient update θ ← θ ⊙ exp(−η∇L), which keeps θ positive (start from a positive init).
/// With the ℓp potential ψ(θ) = ½‖θ‖_p², the squared ℓp norm that Gunasekar et al. 2018 list among mirror descent's
/// potentials (strongly convex for p ∈ (1, 2]), over all parameters of a trial together: its mirror map
/// ∇ψ(θ) = ‖θ‖_p^(2−p) sign(θ)|θ|^(p−1) is inverted by the same map with the dual exponent q = p/(p − 1) (∇ψ* of
/// ψ*(z) = ½‖z‖_q²), so on underdetermined regression from θ₀ = 0 the iterates approach the minimum-ℓp-norm interpolant.
/// </summary>
public sealed class MirrorDescent(Component c) : IOptimizer
{
    const string Entropy = "entropy", Lp = "lp";

    public static readonly KindInfo Kind = StepSizes.Relative(new("mirror-descent", "mirror descent; potential entropy gives exponentiated gradient (θ must start positive), lp the squared ℓp norm ½‖θ‖_p²",
    [
        ParamInfo.Positive("lr", 0.01, "step size η"),
        ParamInfo.OneOf("potential", Entropy, "the mirror map ψ: entropy Σ θ log θ − θ, or lp ½‖θ‖_p² over all parameters", Entropy, Lp),
        // Added after results were published: at its default it stays out of the canonical form.
        new ParamInfo("p", ParamType.Double, 2.0, "the exponent of potential lp (2: gradient descent; Gunasekar et al. 2018: p in (1, 2])") { Min = 1, MinExclusive = true, Added = true },
    ])
    {
        // From θ = 0 the entropy update never moves, and below 0 the entropy potential is undefined.
        Needs = [Need.Init(Traits.PositiveStart, "the entropy potential is defined for θ > 0 only").When("potential", v => Equals(v, Entropy))],
        Checks = [new KindCheck("p", c => c.Text("potential") == Entropy && c.Double("p") != 2.0 ? "p sets the lp potential, but potential is entropy" : null,
            "set potential: lp, or remove p")],
    });

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) => c.Text("potential") == Entropy
        ? new UpdateRun(parameters, context.Lr, (p, g, descent) => p.mul_(g.mul(descent).exp_()))
        : new LpRun(parameters, context.Lr, c.Double("p"));

    sealed class LpRun(IReadOnlyList<Tensor> parameters, double lr, double p) : IOptimizerRun
    {
        readonly double q = p / (p - 1);

        public void Step(double lrFactor, Tensor losses)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var theta = cat(parameters.Select(t => t.flatten(1)).ToList(), 1);                   // [k, P]
            var grad = cat(parameters.Select(t => t.grad!.flatten(1)).ToList(), 1);
            using var descent = (-lr * lrFactor).ToScalar();
            var next = Map(Map(theta, p).add_(grad, alpha: descent), q);
            long offset = 0;
            foreach (var t in parameters)
            {
                long size = t.numel() / t.shape[0];
                t.copy_(next.narrow(1, offset, size).view(t.shape));
                offset += size;
            }
        }

        /// <summary>
        /// x ↦ ‖x‖_r^(2−r) sign(x)|x|^(r−1) per row, computed as ‖x‖_r · sign(x) (|x|/‖x‖_r)^(r−1) with the norm scaled by
        /// max|x|, so no power overflows however far r is from 2; 0 ↦ 0. r = 2 is the identity (p = 2: gradient descent, bit for bit).
        /// </summary>
        static Tensor Map(Tensor x, double r)
        {
            if (r == 2) return x.clone();
            var size = x.abs();
            var largest = size.amax([1], keepdim: true);
            var norm = largest * PortableMath.Pow(PortableMath.Pow(size / Positive(largest), r).sum(1, keepdim: true), 1 / r);
            return x.sign().mul_(PortableMath.Pow(size.div_(Positive(norm)), r - 1)).mul_(norm);
        }

        /// <summary>The row scales with 0 replaced by 1, to divide by: a zero row stays zero.</summary>
        static Tensor Positive(Tensor scale) => scale.masked_fill(scale.eq(Held.Zero), Held.One);
    }
}
