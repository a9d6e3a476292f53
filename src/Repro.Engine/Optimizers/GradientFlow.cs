using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Gradient flow dθ/dt = −∇L(θ) on the full training set, integrated by the classical Runge-Kutta method (RK4):
/// each step advances the time by η·(schedule factor) in `substeps` RK4 steps of h = η·factor/substeps. The training
/// clock is gradient descent's with the same lr, so at equal `Time` GD can be compared with the flow it discretizes
/// (Barrett &amp; Dherin 2021; Ali et al. 2019). A step's first slope is the trainer's gradient; the others come from
/// <see cref="OptimizerContext.Gradient"/>, three (then four) full-batch gradients per sub-step.
/// </summary>
public sealed class GradientFlow(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = StepSizes.Relative(new("gradient-flow", "gradient flow dθ/dt = −∇L(θ) by RK4 on the full batch: each step advances the time by η·(schedule factor), GD's clock",
    [
        ParamInfo.Positive("lr", 0.01, "time advanced per step (GD's step size η, so both reach the same `Time`)"),
        new ParamInfo("substeps", ParamType.Int, 1L, "RK4 steps per step (each of h = η·factor/substeps, four gradients each)") { Min = 1, Max = 1000 },
    ]));

    public double StepSize => c.Double("lr");

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context) => new Run(parameters, context, c.Int("substeps"));

    sealed class Run(IReadOnlyList<Tensor> parameters, OptimizerContext context, long substeps) : IOptimizerRun
    {
        public void Step(double lrFactor, Tensor losses)
        {
            using var _ = no_grad();
            double h = context.Lr * lrFactor / substeps;
            using var half = (-h / 2).ToScalar();
            using var whole = (-h).ToScalar();
            using var sixth = (-h / 6).ToScalar();
            using var two = 2.0.ToScalar();
            for (long s = 0; s < substeps; s++)
            {
                using var scope = NewDisposeScope();
                var theta = parameters.Select(p => p.detach()).ToList();
                IReadOnlyList<Tensor> k1 = s == 0 ? [.. parameters.Select(p => p.grad!)] : context.Gradient(theta);
                var k2 = context.Gradient(Along(theta, k1, half));
                var k3 = context.Gradient(Along(theta, k2, half));
                var k4 = context.Gradient(Along(theta, k3, whole));
                // θ ← θ − h/6 (k1 + 2k2 + 2k3 + k4), the slopes being gradients (the flow runs down them).
                for (int i = 0; i < parameters.Count; i++)
                    parameters[i].add_(k1[i].add(k2[i], alpha: two).add_(k3[i], alpha: two).PlusInPlace(k4[i]), alpha: sixth);
            }
        }

        /// <summary>θ + step·k, the point where the next slope is taken.</summary>
        static List<Tensor> Along(List<Tensor> theta, IReadOnlyList<Tensor> k, Scalar step) => [.. theta.Select((t, i) => t.add(k[i], alpha: step))];
    }
}
