using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Minibatches without replacement from the trial's batch stream: a new permutation each epoch,
/// the last partial batch dropped. Full batch when the optimizer asks for none.
/// </summary>
public sealed class BatchSampler(long size, long? batchSize, Generator generator, Device device) : IDisposable
{
    Tensor? order;
    long position;

    public (Tensor X, Tensor Y) Next(Tensor x, Tensor y)
    {
        if (batchSize is not { } b || b >= size) return (x, y);
        if (order is null || position + b > size)
        {
            order?.Dispose();
            using (var _ = NewDisposeScope())
                order = randperm(size, generator: generator, dtype: ScalarType.Int64).to(device).DetachFromDisposeScope();
            position = 0;
        }
        var index = order.narrow(0, position, b);
        position += b;
        return (x.index_select(1, index), y.index_select(1, index));
    }

    public void Dispose()
    {
        order?.Dispose();
        generator.Dispose();
    }
}
