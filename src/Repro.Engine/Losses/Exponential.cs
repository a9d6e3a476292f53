using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Losses;

/// <summary>Mean of exp(−y f(x)) for labels y ∈ {−1, +1}.</summary>
public sealed class Exponential : ILoss
{
    public static readonly KindInfo Kind = new("exponential", "mean over points of exp(−y·f(x)), labels ±1", [])
    {
        Needs = [Need.Model(Traits.PointPredictions)],
    };

    public Tensor Compute(Tensor prediction, Tensor target) => (-(target * prediction)).exp().mean([1]);
}
