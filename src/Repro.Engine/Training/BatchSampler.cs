using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Minibatches from the trial's batch stream: without replacement, a new permutation each epoch with the last partial
/// batch dropped; or with <paramref name="replacement"/>, each step's indices drawn uniformly and independently, so an
/// example may appear twice in one step. Unused when the optimizer takes the full batch.
/// </summary>
public sealed class BatchSampler(long size, long? batchSize, bool replacement, Generator generator, Device device) : IDisposable
{
    Tensor? order;
    long position;

    /// <summary>The next minibatch's example indices [b]; the sampler must have a batch size (below the training set's, without replacement).</summary>
    public Tensor Indices()
    {
        long b = batchSize!.Value;
        // Drawn on the CPU like the permutation, so the indices do not depend on the device.
        if (replacement) return randint(0, size, [b], dtype: ScalarType.Int64, generator: generator).to(device);
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
