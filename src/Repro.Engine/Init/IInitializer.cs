using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>An `init:` kind: the starting values of a parameter tensor.</summary>
public interface IInitializer
{
    /// <summary>Samples in float64 from the trial's init stream, so the draw does not depend on dtype.</summary>
    Tensor Sample(long[] shape, Generator generator);

    /// <summary>Samples for a tensor whose role the model states (layer, bias, fan-in and fan-out); by shape unless the kind uses the role.</summary>
    Tensor Sample(ParameterRole role, Generator generator) => Sample(role.Shape, generator);
}
