using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// A fully connected network x → act(x W₁/√d + b₁) → … → h W_L/√m + b_L with one output, in the
/// "NTK" parametrization: weights are drawn by the init kind (normal{scale} gives N(0, scale²)) and the
/// forward pass divides by √fan-in, so `init.scale` is the multiple of the standard initialization and
/// step sizes mean the same at every width. Large scale: lazy (kernel) regime; small: rich regime.
/// </summary>
public sealed class Mlp(Component c) : IModel
{
    public static readonly KindInfo Kind = new("mlp", "fully connected network with `depth` hidden layers of `hidden` units, NTK parametrization",
    [
        ParamInfo.Count("hidden", 100, "units per hidden layer"),
        ParamInfo.Count("depth", 1, "hidden layers"),
        ParamInfo.OneOf("activation", "relu", "hidden-layer activation", "relu", "tanh"),
        ParamInfo.Flag("bias", true, "add biases (drawn by the init kind too)"),
    ])
    {
        Provides = [Traits.PointPredictions],
        ParameterCount = (c, features) =>
        {
            double hidden = c.Int("hidden"), depth = c.Int("depth"), bias = c.Bool("bias") ? 1 : 0;
            return (features + bias) * hidden + (depth - 1) * (hidden + bias) * hidden + hidden + bias;
        },
    };

    long Hidden => c.Int("hidden");
    long Depth => c.Int("depth");
    bool Bias => c.Bool("bias");

    // Layer ℓ has a weight [K, in, out] and, with biases, a bias [K, out], in that order.
    public IReadOnlyList<long[]> Shapes(long trials, long features)
    {
        var shapes = new List<long[]>();
        long input = features;
        for (long layer = 0; layer <= Depth; layer++)
        {
            long output = layer == Depth ? 1 : Hidden;
            shapes.Add([trials, input, output]);
            if (Bias) shapes.Add([trials, output]);
            input = output;
        }
        return shapes;
    }

    public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x)
    {
        var h = x;
        int stride = Bias ? 2 : 1;
        for (int layer = 0; layer <= Depth; layer++)
        {
            var weight = parameters[layer * stride];
            h = BatchedProducts.MatMul(h, weight).Over(Math.Sqrt(weight.shape[1]));
            if (Bias) h = h.Plus(parameters[layer * stride + 1].unsqueeze(1));
            if (layer < Depth) h = c.Text("activation") == "relu" ? nn.functional.relu(h) : h.tanh();
        }
        return h.squeeze(-1);
    }
}
