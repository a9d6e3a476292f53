using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>An `optimizer:` kind.</summary>
public interface IOptimizer
{
    /// <summary>Examples per step; null for full batch.</summary>
    long? BatchSize { get; }

    /// <summary>Starts optimizing these parameters; the run owns any state (momentum, moments) and frees it.</summary>
    IOptimizerRun Begin(IReadOnlyList<Tensor> parameters);
}

public interface IOptimizerRun : IDisposable
{
    /// <summary>Updates the parameters from their gradients, with the learning rate scaled by the schedule.</summary>
    void Step(double lrFactor);
}
