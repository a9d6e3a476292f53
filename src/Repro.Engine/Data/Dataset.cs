using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// Training and test data with a leading trial dimension K: inputs [K, n, d], targets [K, n] (labels ±1
/// for classification). <see cref="Truth"/> is the coefficient vector that generated the data, when there is one.
/// One trial is K = 1; trials that share data can later share one program.
/// </summary>
public sealed record Dataset(Tensor XTrain, Tensor YTrain, Tensor XTest, Tensor YTest, Tensor? Truth = null) : IDisposable
{
    public long Features => XTrain.shape[^1];
    public long TrainSize => XTrain.shape[1];

    public Dataset To(ScalarType dtype, Device device) =>
        new(XTrain.to(dtype, device), YTrain.to(dtype, device), XTest.to(dtype, device), YTest.to(dtype, device), Truth?.to(dtype, device));

    public void Dispose()
    {
        XTrain.Dispose(); YTrain.Dispose(); XTest.Dispose(); YTest.Dispose(); Truth?.Dispose();
    }
}

/// <summary>A `data:` kind: draws a dataset from the trial's data stream.</summary>
public interface IDataGenerator
{
    /// <summary>Generates in float64 on the CPU, so the data do not depend on the trial's dtype or device.</summary>
    Dataset Generate(Generator generator);
}

/// <summary>A `target:` kind: the function that labels inputs, drawn once per trial.</summary>
public interface ITarget
{
    ILabeler Draw(long features, Generator generator);
}

public interface ILabeler : IDisposable
{
    /// <summary>The coefficients θ* of a linear target [d], or null.</summary>
    Tensor? Truth => null;

    /// <summary>Labels a batch of inputs [n, d] → [n], noise included, drawing noise from <paramref name="generator"/>.</summary>
    Tensor Label(Tensor x, Generator generator);
}
