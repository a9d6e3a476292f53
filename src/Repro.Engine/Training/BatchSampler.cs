using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Minibatches without replacement from the trial's batch stream: a new permutation each epoch,
/// the last partial batch dropped. Unused when the optimizer takes the full batch.
/// </summary>
public sealed class BatchSampler(long size, long? batchSize, Generator generator, Device device) : IDisposable
{
    Tensor? order;
    long position;

    /// <summary>The next minibatch's example indices [b]; the sampler must have a batch size below the training set's.</summary>
    public Tensor Indices()
    {
        long b = batchSize!.Value;
        if (order is null || position + b > size)
        {
            order?.Dispose();
            using (var _ = NewDisposeScope())
                order = randperm(size, generator: generator, dtype: ScalarType.Int64).to(device).DetachFromDisposeScope();
            position = 0;
        }
        var index = order.narrow(0, position, b);
        position += b;
        return index;
    }

    public void Dispose()
    {
        order?.Dispose();
        generator.Dispose();
    }
}
