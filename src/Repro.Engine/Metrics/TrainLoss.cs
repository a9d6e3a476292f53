using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

public sealed class TrainLoss : IMetric
{
    public static readonly KindInfo Kind = new("train_loss", "the loss on the whole training set", []);

    public Tensor Compute(MetricContext c) =>
        c.Loss.Compute(c.Model.Forward(c.Parameters, c.Data.XTrain), c.Data.YTrain).to(ScalarType.Float64);
}
