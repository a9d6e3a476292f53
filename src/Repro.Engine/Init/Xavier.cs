using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>
/// Glorot/Xavier initialization as torch.nn.init: variance gain²·2/(fan_in + fan_out), normal or uniform
/// (U(−a, a) with a = gain·√(6/(fan_in + fan_out))). Fans come from the model's layer, so a bias gets its layer's.
/// </summary>
public sealed class Xavier(Component c) : IInitializer
{
    public static readonly KindInfo Kind = new("xavier", "Glorot/Xavier: variance gain²·2/(fan_in + fan_out), normal or uniform, as torch.nn.init.xavier_*",
    [
        ParamInfo.OneOf("distribution", "normal", "normal N(0, σ²) or uniform U(−a, a) of the same variance", "normal", "uniform"),
        ParamInfo.Positive("gain", 1.0, "multiplies the standard deviation (at most 1e6)") with { Max = 1e6 },
    ]);

    public Tensor Sample(long[] shape, Generator generator) => Sample(ParameterRole.Of(shape), generator);

    public Tensor Sample(ParameterRole role, Generator generator) =>
        Distributions.Draw(role.Shape, c.Text("distribution"), c.Double("gain") * Math.Sqrt(2.0 / (role.FanIn + role.FanOut)), generator);
}
