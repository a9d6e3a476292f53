using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Numerics;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) in PyTorch's form: bias-corrected first and second moments,
/// θ ← θ − η m̂ / (√v̂ + ε). Elementwise, so each trial of the leading K dimension is its own run.
/// </summary>
public sealed class Adam(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = StepSizes.Relative(new("adam", "Adam: steps along bias-corrected m / (√v + ε), the moments kept per coordinate",
    [
        ParamInfo.Positive("lr", 1e-3, "step size η"),
        Beta("beta1", 0.9, "decay of the first-moment average (< 1)"),
        Beta("beta2", 0.999, "decay of the second-moment average (< 1)"),
        ParamInfo.Positive("eps", 1e-8, "added to √v̂ in the denominator"),
    ]));

    // β < 1: the bias correction divides by 1 − βᵗ.
    internal static ParamInfo Beta(string name, double @default, string doc) =>
        new(name, ParamType.Double, @default, doc) { Min = 0, Max = 1, MaxExclusive = true };

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) =>
        new AdamRun(parameters, Settings(c, context.Lr, weightDecay: 0));

    internal sealed record AdamSettings(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay);

    /// <param name="lr">the step size η the rows share (<see cref="OptimizerContext.Lr"/>)</param>
    internal static AdamSettings Settings(Component c, double lr, double weightDecay) =>
        new(lr, c.Double("beta1"), c.Double("beta2"), c.Double("eps"), weightDecay);

    /// <summary>
    /// One Adam run; with a weight decay λ it is AdamW: θ ← θ(1 − ηλ) before the Adam step, decoupled from
    /// the moments (Loshchilov &amp; Hutter 2019), exactly as torch.optim.AdamW orders it.
    /// </summary>
    internal sealed class AdamRun(IReadOnlyList<Tensor> parameters, AdamSettings s) : IOptimizerRun
    {
        readonly Tensor[] m = [.. parameters.Select(p => zeros_like(p, requires_grad: false).DetachFromDisposeScope())];
        readonly Tensor[] v = [.. parameters.Select(p => zeros_like(p, requires_grad: false).DetachFromDisposeScope())];
        // The run's constants as Scalars held until Dispose (Runtime/Held.cs says why).
        readonly Scalar beta1 = s.Beta1.ToScalar(), keep1 = (1 - s.Beta1).ToScalar();
        readonly Scalar beta2 = s.Beta2.ToScalar(), keep2 = (1 - s.Beta2).ToScalar();
        readonly Scalar eps = s.Eps.ToScalar();
        long t;

        public void Step(double lrFactor, Tensor losses)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            t++;
            double lr = s.Lr * lrFactor;
            double correction1 = 1 - Math.Pow(s.Beta1, t), correction2 = 1 - Math.Pow(s.Beta2, t);
            using var decay = (1 - lr * s.WeightDecay).ToScalar();
            using var root2 = Math.Sqrt(correction2).ToScalar();
            using var step = (-lr / correction1).ToScalar();
            for (int i = 0; i < parameters.Count; i++)
            {
                var (p, grad) = (parameters[i], parameters[i].grad!);
                if (s.WeightDecay != 0) p.mul_(decay);
                m[i].mul_(beta1).add_(grad, alpha: keep1);
                v[i].mul_(beta2).addcmul_(grad, grad, value: keep2);
                var denominator = PortableMath.Sqrt(v[i]).div_(root2).PlusInPlace(eps);
                p.addcdiv_(m[i], denominator, value: step);
            }
        }

        public void Dispose()
        {
            foreach (var x in m.Concat(v)) x.Dispose();
            foreach (var x in new[] { beta1, keep1, beta2, keep2, eps }) x.Dispose();
        }
    }
}
