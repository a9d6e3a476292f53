using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Losses;

/// <summary>Mean of exp(−y f(x)) for labels y ∈ {−1, +1}.</summary>
public sealed class Exponential : ILoss, Training.ILeanLoss
{
    public static readonly KindInfo Kind = new("exponential", "mean over points of exp(−y·f(x)), labels ±1", [])
    {
        Needs = [Need.Model(Traits.PointPredictions)],
    };

    public Tensor Compute(Tensor prediction, Tensor target) => (-(target * prediction)).exp().mean([1]);

    /// <summary>
    /// Autograd's gradient of Σ_k mean_i exp(−y p), node by node: mean's backward gives 1/n, exp's multiplies by its
    /// result, negation's negates, the product's multiplies by y. The exponential is the forward's own op on the
    /// same inputs, so the same bits; 1/n is rounded once, in the tensor's precision.
    /// </summary>
    public Tensor GradPrediction(Tensor prediction, Tensor target)
    {
        long n = prediction.shape[1];
        var e = (-(target * prediction)).exp();
        return e.TimesRatio(1, n).neg().mul(target);
    }
}
