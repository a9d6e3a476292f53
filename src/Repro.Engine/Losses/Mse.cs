using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Losses;

public sealed class Mse : ILoss, Training.ILeanLoss
{
    public static readonly KindInfo Kind = new("mse", "mean squared error, mean over points of (f(x) − y)²", [])
    {
        Needs = [Need.Model(Traits.PointPredictions)],
        Provides = [Traits.SquaredLoss],
    };

    public Tensor Compute(Tensor prediction, Tensor target) => (prediction - target).Square().mean([1]);

    /// <summary>
    /// Autograd's gradient of Σ_k mean_i (p − y)²: mean's backward gives 1/n, square's (pow 2) multiplies by 2(p − y).
    /// As one product r · (2/n): 2 and 2/n = 2·(1/n) are exact scalings, so the one rounding is of the same real
    /// number, in the tensor's own precision (the factor is rounded once, in float32 for float32).
    /// </summary>
    public Tensor GradPrediction(Tensor prediction, Tensor target)
    {
        long n = prediction.shape[1];
        var r = prediction - target;
        return r.TimesRatio(2, n);
    }
}
