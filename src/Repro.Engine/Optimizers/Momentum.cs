using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Heavy-ball momentum as torch.optim.SGD does it: b ← μb + ∇L, θ ← θ − η·b (Nesterov: θ ← θ − η(∇L + μb)).
/// The buffer starts at zero, so the first step is a plain gradient step, as in PyTorch.
/// </summary>
public sealed class Momentum(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = StepSizes.Relative(new("momentum", "full-batch gradient descent with heavy-ball (or Nesterov) momentum",
    [
        ParamInfo.Positive("lr", 0.01, "step size η"),
        new ParamInfo("momentum", ParamType.Double, 0.9, "momentum μ") { Min = 0, Max = 1 },
        ParamInfo.Flag("nesterov", false, "look ahead: step along ∇L + μb instead of b"),
    ]));

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) =>
        new Run(parameters, context.Lr, c.Double("momentum"), c.Bool("nesterov"));

    sealed class Run(IReadOnlyList<Tensor> parameters, double lr, double mu, bool nesterov) : IOptimizerRun
    {
        // Optimizer state outlives every step scope; freed in Dispose.
        readonly Tensor[] buffers = [.. parameters.Select(p => zeros_like(p, requires_grad: false).DetachFromDisposeScope())];

        public void Step(double lrFactor, Tensor losses)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            using var decay = mu.ToScalar();
            using var descent = (-lr * lrFactor).ToScalar();
            for (int i = 0; i < parameters.Count; i++)
            {
                var grad = parameters[i].grad!;
                buffers[i].mul_(decay).PlusInPlace(grad);
                var direction = nesterov ? grad.add(buffers[i], alpha: decay) : buffers[i];
                parameters[i].add_(direction, alpha: descent);
            }
        }

        public void Dispose()
        {
            foreach (var b in buffers) b.Dispose();
        }
    }
}
