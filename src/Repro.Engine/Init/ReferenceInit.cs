using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Data;
using Repro.Engine.Models;
using Repro.Engine.Optimizers;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>
/// Starts the linear model at a solution of its own training data, in float64: the minimum-norm least-squares
/// solution pinv(X)y (as dist_to_min_norm computes it), or the ridge solution (XᵀX + λI)⁻¹Xᵀy with the penalty
/// on the sum of squares, as optimizer exact-ridge solves it (no factor n). X includes the intercept column
/// when the model has one. Draws nothing from the init stream.
/// </summary>
public sealed class ReferenceInit(Component c) : IInitializer
{
    public const string MinNorm = "min-norm", Ridge = "ridge";

    public static readonly KindInfo Kind = new("reference",
        "starts the linear model at a reference solution of its training data: min-norm pinv(X)y, or ridge (XᵀX + λI)⁻¹Xᵀy",
    [
        ParamInfo.OneOf("solution", MinNorm, "which solution: min-norm (least squares, minimum ‖w‖₂) or ridge", MinNorm, Ridge),
        ParamInfo.NonNegative("lambda", 0, "ridge penalty λ on ‖w‖² (solution: ridge only; 0: not given)"),
    ])
    {
        Needs = [Need.Model(Traits.LinearPredictor, "it sets w to a solved coefficient vector")],
        Checks =
        [
            new("lambda", c => c.Text("solution") == Ridge && c.Double("lambda") == 0 ? "solution ridge needs a penalty lambda > 0" : null,
                "write e.g. `lambda: 0.1`, or use `solution: min-norm` for λ → 0"),
            new("lambda", c => c.Text("solution") == MinNorm && c.Double("lambda") != 0 ? "lambda sets the ridge penalty, but solution is min-norm" : null,
                "remove lambda, or write `solution: ridge`"),
        ],
    };

    // An internal check: Start is what the trial calls; a nested init (layers) cannot be `reference` (Layers' check).
    public Tensor Sample(long[] shape, Generator generator) =>
        throw new InvalidOperationException("init reference solves on the trial's data: it starts a whole model, not one tensor");

    public IReadOnlyList<Tensor> Start(IModel model, Dataset data, Generator generator)
    {
        // An internal check: the binder pairs this init with the linear model only (Kind.Needs).
        if (model is not Linear linear)
            throw new InvalidOperationException("init reference needs `model: linear`");
        using var scope = NewDisposeScope();
        var a = linear.Design(data.XTrain).to(ScalarType.Float64);
        var y = data.YTrain.to(ScalarType.Float64);
        var w = c.Text("solution") == Ridge
            ? ExactRidge.Solve(a, y, c.Double("lambda"))
            : linalg.pinv(a).bmm(y.unsqueeze(-1)).squeeze(-1);
        return [w.cpu().MoveToOuterDisposeScope()];
    }
}
