using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>An `init:` kind: the starting values of a parameter tensor.</summary>
public interface IInitializer
{
    /// <summary>Samples in float64 from the trial's init stream, so the draw does not depend on dtype.</summary>
    Tensor Sample(long[] shape, Generator generator);
}
