using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Init;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// A fully connected network x → act(x W₁ + b₁) → … → h W_L + b_L with one output. In the "NTK" parametrization
/// (the default) weights are drawn by the init kind (normal{scale} gives N(0, scale²)) and the forward pass divides
/// by √fan-in, so `init.scale` is the multiple of the standard initialization and step sizes mean the same at every
/// width (large scale: lazy regime; small: rich). In the standard parametrization (as torch.nn.Linear) nothing is
/// divided: the init kind alone sets each layer's scale (xavier, kaiming, layers).
/// </summary>
public sealed class Mlp(Component c) : IModel
{
    public static readonly KindInfo Kind = new("mlp", "fully connected network with `depth` hidden layers of `hidden` units, NTK or standard parametrization",
    [
        ParamInfo.Count("hidden", 100, "units per hidden layer"),
        ParamInfo.Count("depth", 1, "hidden layers"),
        ParamInfo.OneOf("activation", "relu", "hidden-layer activation", "relu", "tanh"),
        ParamInfo.Flag("bias", true, "add biases (drawn by the init kind too)"),
        ParamInfo.Flag("output_bias", true, "with `bias`, the output layer has one too (false: a bias-free output layer)") with { Added = true },
        ParamInfo.OneOf("parametrization", "ntk", "ntk: each layer divides by √fan-in; standard: as torch.nn.Linear, the init sets the scale", "ntk", "standard") with { Added = true },
    ])
    {
        Provides = [Traits.PointPredictions],
        ParameterCount = (c, features) =>
        {
            double hidden = c.Int("hidden"), depth = c.Int("depth"), bias = c.Bool("bias") ? 1 : 0;
            double outputBias = c.Bool("bias") && c.Bool("output_bias") ? 1 : 0;
            return (features + bias) * hidden + (depth - 1) * (hidden + bias) * hidden + hidden + outputBias;
        },
    };

    long Hidden => c.Int("hidden");
    long Depth => c.Int("depth");
    bool Ntk => c.Text("parametrization") == "ntk";

    bool HasBias(long layer) => c.Bool("bias") && (layer < Depth || c.Bool("output_bias"));

    // Layer ℓ has a weight [K, in, out] and, with a bias, a bias [K, out], in that order.
    public IReadOnlyList<long[]> Shapes(long trials, long features) => [.. Roles(trials, features).Select(r => r.Shape)];

    public IReadOnlyList<ParameterRole> Roles(long trials, long features)
    {
        var roles = new List<ParameterRole>();
        long input = features;
        for (int layer = 0; layer <= Depth; layer++)
        {
            long output = layer == Depth ? 1 : Hidden;
            bool last = layer == Depth;
            roles.Add(new ParameterRole([trials, input, output], layer, false, last, input, output));
            if (HasBias(layer)) roles.Add(new ParameterRole([trials, output], layer, true, last, input, output));
            input = output;
        }
        return roles;
    }

    public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x)
    {
        var h = x;
        int next = 0;
        for (int layer = 0; layer <= Depth; layer++)
        {
            var weight = parameters[next++];
            h = BatchedProducts.MatMul(h, weight);
            if (Ntk) h = h.Over(Math.Sqrt(weight.shape[1]));
            if (HasBias(layer)) h = h.Plus(parameters[next++].unsqueeze(1));
            if (layer < Depth) h = Activate(h);
        }
        return h.squeeze(-1);
    }

    Tensor Activate(Tensor h) => c.Text("activation") == "relu" ? nn.functional.relu(h) : h.tanh();
}
