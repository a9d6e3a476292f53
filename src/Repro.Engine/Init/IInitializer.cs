using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>An `init:` kind: the starting values of a parameter tensor.</summary>
public interface IInitializer
{
    /// <summary>Samples in float64 from the trial's init stream, so the draw does not depend on dtype.</summary>
    Tensor Sample(long[] shape, Generator generator);

    /// <summary>Samples for a tensor whose role the model states (layer, bias, fan-in and fan-out); by shape unless the kind uses the role.</summary>
    Tensor Sample(ParameterRole role, Generator generator) => Sample(role.Shape, generator);

    /// <summary>
    /// A trial's starting parameters (K = 1): every tensor of the model in its order, drawn from one stream. A kind that
    /// starts from the trial's data (a reference solution) overrides this; the rest sample each role.
    /// </summary>
    IReadOnlyList<Tensor> Start(Models.IModel model, Data.Dataset data, Generator generator) =>
        [.. model.Roles(1, data.Features).Select(role => Sample(role, generator))];
}
