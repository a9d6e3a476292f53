using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Models;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Not an iterative method: every step sets θ to the ridge estimator (XᵀX + λI)⁻¹Xᵀy, computed in its
/// dual form Xᵀ(XXᵀ + λI)⁻¹y (the same vector, and an n×n solve when p &gt; n). A reference path
/// that lives in the same trials, metrics and figures as the trained ones. Linear models only.
/// </summary>
public sealed class ExactRidge(Component c) : IOptimizer
{
    public static readonly KindInfo Kind = new("exact-ridge", "sets θ to the ridge solution (XᵀX + λI)⁻¹Xᵀy (penalty on the sum of squares); linear models",
        [ParamInfo.Positive("lambda", 1.0, "ridge penalty λ")])
    {
        Needs = [Need.Model(Traits.LinearPredictor, "it solves for w in closed form")],
    };

    /// <summary>No steps: the training clock stays at 0 (the ridge penalty, not a time, sets where θ is).</summary>
    public double StepSize => 0;

    // Begin() solves a linear system for all rows at once; batched LAPACK need not round as one system alone does.
    public string TrainsAlone => "optimizer exact-ridge solves its linear systems in one batched LAPACK call, which is not proven to round as one system alone";

    public IOptimizerRun Begin(IReadOnlyList<Tensor> parameters, OptimizerContext context)
    {
        // An internal check: the binder pairs this optimizer with the linear model only (Kind.Needs).
        if (context.Model is not Linear linear)
            throw new InvalidOperationException("optimizer exact-ridge needs `model: linear`");
        return new Run(parameters[0], Solve(linear.Design(context.Data.XTrain), context.Data.YTrain, c.Double("lambda")));
    }

    /// <summary>Ridge solutions for design A [K, n, P] and targets y [K, n], in float64.</summary>
    public static Tensor Solve(Tensor design, Tensor y, double lambda)
    {
        using var scope = NewDisposeScope();
        var a = design.to(ScalarType.Float64);
        var gram = a.bmm(a.transpose(1, 2)).Plus(eye(a.shape[1], dtype: ScalarType.Float64, device: a.device).Times(lambda));
        var dual = linalg.solve(gram, y.to(ScalarType.Float64).unsqueeze(-1));
        return a.transpose(1, 2).bmm(dual).squeeze(-1).MoveToOuterDisposeScope();
    }

    sealed class Run(Tensor theta, Tensor solution) : IOptimizerRun
    {
        public void Step(double lrFactor, Tensor losses)
        {
            using var _ = no_grad();
            theta.copy_(solution);
        }

        public void Dispose() => solution.Dispose();
    }
}
