using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>Classification accuracy of a model with one logit per class: the share of points whose largest logit is the target class.</summary>
public static class Accuracy
{
    public static Tensor Of(MetricContext c, Tensor x, Tensor y)
    {
        var logits = c.Model.Forward(c.Parameters, x);
        // An internal check: the binder gives accuracy metrics a logits model only (their Kind.Needs).
        if (logits.dim() != 3)
            throw new InvalidOperationException("accuracy metrics need a model with one logit per class ([K, n, C]), such as embedding-mlp");
        return logits.argmax(-1).eq(y.to(ScalarType.Int64)).to(ScalarType.Float64).mean([1]);
    }

    public static Tensor Train(MetricContext c) => Of(c, c.Data.XTrain, c.Data.YTrain);

    public static Tensor Test(MetricContext c) => Of(c, c.Data.XTest, c.Data.YTest);
}

public sealed class TrainAccuracy : IMetric
{
    public static readonly KindInfo Kind = new("train_accuracy", "share of training points whose largest logit is their class", [])
    {
        Needs = [Need.Model(Traits.Logits)],
    };

    public Tensor Compute(MetricContext c) => Accuracy.Train(c);
}

public sealed class TestAccuracy : IMetric
{
    public static readonly KindInfo Kind = new("test_accuracy", "share of test points whose largest logit is their class", [])
    {
        Needs = [Need.Model(Traits.Logits)],
    };

    public Tensor Compute(MetricContext c) => Accuracy.Test(c);
}
