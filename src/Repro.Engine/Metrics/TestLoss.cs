using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

public sealed class TestLoss : IMetric
{
    public static readonly KindInfo Kind = new("test_loss", "the loss on the held-out test set", []);

    public Tensor Compute(MetricContext c) =>
        c.Loss.Compute(c.Model.Forward(c.Parameters, c.Data.XTest), c.Data.YTest).to(ScalarType.Float64);
}
