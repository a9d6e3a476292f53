using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Losses;

public sealed class Mse : ILoss
{
    public static readonly KindInfo Kind = new("mse", "mean squared error, mean over points of (f(x) − y)²", [])
    {
        Needs = [Need.Model(Traits.PointPredictions)],
        Provides = [Traits.SquaredLoss],
    };

    public Tensor Compute(Tensor prediction, Tensor target) => (prediction - target).Square().mean([1]);
}
