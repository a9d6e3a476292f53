using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Init;

/// <summary>
/// He/Kaiming initialization as torch.nn.init: standard deviation gain/√fan (fan_in or fan_out of the layer), normal or
/// uniform of the same variance. gain √2 suits ReLU; PyTorch's nn.Linear default (U(±1/√fan_in) for weights and
/// biases) is `distribution: uniform, gain: 0.5773502691896258` (1/√3).
/// </summary>
public sealed class Kaiming(Component c) : IInitializer
{
    public static readonly KindInfo Kind = new("kaiming", "He/Kaiming: standard deviation gain/√fan, normal or uniform, as torch.nn.init.kaiming_*",
    [
        ParamInfo.OneOf("distribution", "normal", "normal N(0, σ²) or uniform U(−a, a) of the same variance", "normal", "uniform"),
        ParamInfo.Positive("gain", Math.Sqrt(2), "the standard deviation times √fan (√2 for ReLU, 5/3 for tanh, 1 for linear; at most 1e6)") with { Max = 1e6 },
        ParamInfo.OneOf("mode", "fan_in", "the fan the variance divides by", "fan_in", "fan_out"),
    ]);

    public Tensor Sample(long[] shape, Generator generator) => Sample(ParameterRole.Of(shape), generator);

    public Tensor Sample(ParameterRole role, Generator generator)
    {
        long fan = c.Text("mode") == "fan_in" ? role.FanIn : role.FanOut;
        return Distributions.Draw(role.Shape, c.Text("distribution"), c.Double("gain") / Math.Sqrt(fan), generator);
    }
}
