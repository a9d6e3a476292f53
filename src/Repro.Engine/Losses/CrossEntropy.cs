using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Losses;

/// <summary>
/// Softmax cross-entropy for C classes: logits [K, n, C], targets [K, n] holding class indices (stored as
/// floats, like every target), mean over points per trial.
/// </summary>
public sealed class CrossEntropy : ILoss
{
    public static readonly KindInfo Kind = new("cross-entropy", "mean over points of −log softmax(f(x))_y; f gives one logit per class, y a class index", [])
    {
        Needs = [Need.Model(Traits.Logits)],
    };

    public Tensor Compute(Tensor prediction, Tensor target)
    {
        // An internal check: the binder pairs this loss with a logits model only (Kind.Needs).
        if (prediction.dim() != 3)
            throw new InvalidOperationException($"loss cross-entropy needs a model with one logit per class ([K, n, C]), got predictions of shape [{string.Join(", ", prediction.shape)}]");
        long trials = prediction.shape[0], n = prediction.shape[1];
        return nn.functional.cross_entropy(prediction.flatten(0, 1), target.flatten().to(ScalarType.Int64), reduction: nn.Reduction.None)
            .view(trials, n).mean([1]);
    }
}
