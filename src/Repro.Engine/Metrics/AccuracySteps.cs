using Repro.Core.Catalog;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>
/// The first recorded step at which an accuracy reached a threshold, kept from then on (a later dip does not
/// reset it); NaN until then. Resolution is the spec's `log_every`. Per trial, so it may keep state.
/// </summary>
public abstract class FirstStepReaching(Func<MetricContext, Tensor> accuracy, double threshold) : IMetric
{
    Tensor? first;

    public Tensor Compute(MetricContext c)
    {
        using var bar = threshold.ToScalar();
        var reached = accuracy(c).ge(bar);
        var previous = first ?? Held.Full(reached.shape, double.NaN, ScalarType.Float64, reached.device);
        var now = where(previous.isnan() & reached, (double)c.Step, previous);
        first?.Dispose();
        first = now.detach().clone().DetachFromDisposeScope();
        return now;
    }

    public void Dispose() => first?.Dispose();
}

public sealed class StepsToTrain99() : FirstStepReaching(Accuracy.Train, 0.99)
{
    public static readonly KindInfo Kind = new("steps_to_train_99", "first recorded step with train_accuracy ≥ 0.99 (NaN before)", [])
    {
        Needs = [Need.Model(Traits.Logits)],
    };
}

public sealed class StepsToTest90() : FirstStepReaching(Accuracy.Test, 0.9)
{
    public static readonly KindInfo Kind = new("steps_to_test_90", "first recorded step with test_accuracy ≥ 0.9 (NaN before)", [])
    {
        Needs = [Need.Model(Traits.Logits)],
    };
}

/// <summary>How long generalization lagged memorization: steps_to_test_90 − steps_to_train_99, NaN until both happened.</summary>
public sealed class GrokkingDelay : IMetric
{
    public static readonly KindInfo Kind = new("grokking_delay", "steps_to_test_90 − steps_to_train_99: steps from memorizing to generalizing (NaN until both)", [])
    {
        Needs = [Need.Model(Traits.Logits)],
    };

    readonly StepsToTrain99 train = new();
    readonly StepsToTest90 test = new();

    public Tensor Compute(MetricContext c) => test.Compute(c) - train.Compute(c);

    public void Dispose()
    {
        train.Dispose();
        test.Dispose();
    }
}
