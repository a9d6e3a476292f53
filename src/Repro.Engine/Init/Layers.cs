using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>
/// A different init for hidden weights, the output layer's weights and biases (a zero output layer, zero biases,
/// Xavier hidden layers). Tensors are drawn in the model's order from the one init stream, each by its part's kind.
/// </summary>
public sealed class Layers(Component c) : IInitializer
{
    public static readonly KindInfo Kind = new("layers", "per-layer init: one kind for hidden weights, one for the output layer's weights, one for biases",
    [
        ParamInfo.Of("hidden", "init", "fan-in", "the weights of every layer but the last"),
        ParamInfo.Of("output", "init", "fan-in", "the last layer's weights"),
        ParamInfo.Of("bias", "init", "zeros", "every bias"),
    ])
    {
        // A reference solution sets a whole model from its data, not one layer's tensors.
        Checks = [.. new[] { "hidden", "output", "bias" }.Select(part => new KindCheck(part,
            c => c.Child(part).Kind == ReferenceInit.Kind.Name ? "init reference starts a whole linear model, not one layer" : null,
            "write `init: { kind: reference }` at the top level"))],
    };

    readonly IInitializer hidden = Registry.Registries.Inits.Create(c.Child("hidden"));
    readonly IInitializer output = Registry.Registries.Inits.Create(c.Child("output"));
    readonly IInitializer bias = Registry.Registries.Inits.Create(c.Child("bias"));

    public Tensor Sample(long[] shape, Generator generator) => Sample(ParameterRole.Of(shape), generator);

    public Tensor Sample(ParameterRole role, Generator generator) =>
        (role.IsBias ? bias : role.IsOutput ? output : hidden).Sample(role, generator);
}
