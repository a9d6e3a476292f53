using Repro.Core.Catalog;
using Repro.Engine.Numerics;
using static TorchSharp.torch;

namespace Repro.Engine.Losses;

/// <summary>Mean of log(1 + exp(−y f(x))) for labels y ∈ {−1, +1}, computed stably as softplus(−y f), the same bits wherever a point sits in a batch (PortableMath.Softplus).</summary>
public sealed class Logistic : ILoss
{
    public static readonly KindInfo Kind = new("logistic", "mean over points of log(1 + exp(−y·f(x))), labels ±1", [])
    {
        Needs = [Need.Model(Traits.PointPredictions)],
    };

    public Tensor Compute(Tensor prediction, Tensor target) => PortableMath.Softplus(-(target * prediction)).mean([1]);
}
