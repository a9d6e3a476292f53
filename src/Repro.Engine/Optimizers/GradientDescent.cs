using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>θ ← θ − η ∇L(θ) on the full training set.</summary>
public sealed class GradientDescent(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = new("gd", "full-batch gradient descent",
        [ParamInfo.Positive("lr", 0.01, "step size η")]);

    public long? BatchSize => null;

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters) => new Run(parameters, c.Double("lr"));

    internal sealed class Run(IReadOnlyList<Tensor> parameters, double lr) : IOptimizerRun
    {
        public void Step(double lrFactor)
        {
            using var _ = no_grad();
            foreach (var p in parameters)
            {
                using var grad = p.grad!;
                p.add_(grad, alpha: -lr * lrFactor);
            }
        }

        public void Dispose() { }
    }
}
