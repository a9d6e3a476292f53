using Repro.Core.Spec;
using Repro.Engine.Init;
using Repro.Engine.Models;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Tests.Support;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// MLPs as papers write them (issue 15): the standard parametrization of torch.nn.Linear, a bias-free output layer,
/// and per-layer initialization (xavier, kaiming, normal or uniform, with a gain). Each is checked against the
/// definition computed with plain torch ops on the same draws.
/// </summary>
public class NetworkInitTests
{
    public NetworkInitTests() => TorchRuntime.Start();

    static Mlp Model(string yaml) => (Mlp)Registries.Models.Create(Component("model", yaml));

    static IReadOnlyList<Tensor> Draw(IModel model, string init, long features, ulong seed = 7)
    {
        using var g = new Generator(seed);
        var kind = Registries.Inits.Create(Component("init", init));
        return [.. model.Roles(1, features).Select(r => kind.Sample(r, g))];
    }

    [Fact]
    public void The_standard_parametrization_is_the_plain_affine_map_and_the_output_bias_can_be_left_out()
    {
        using var _ = NewDisposeScope();
        var model = Model("{ kind: mlp, hidden: 5, depth: 2, activation: tanh, parametrization: standard, output_bias: false }");
        var p = Draw(model, "{ kind: normal, scale: 0.7 }", features: 3);
        // W1, b1, W2, b2, W3: the output layer has no bias.
        Assert.Equal([[1, 3, 5], [1, 5], [1, 5, 5], [1, 5], [1, 5, 1]], p.Select(t => t.shape));
        var x = randn([1, 4, 3], dtype: ScalarType.Float64, generator: new Generator(3));
        var expected = x.matmul(p[0]).add(p[1].unsqueeze(1)).tanh().matmul(p[2]).add(p[3].unsqueeze(1)).tanh().matmul(p[4]).squeeze(-1);
        Assert.Equal(Values(expected), Values(model.Forward(p, x)), Close);

        var ntk = Model("{ kind: mlp, hidden: 5, depth: 2, activation: tanh, output_bias: false }");
        var scaled = x.matmul(p[0]).div(Math.Sqrt(3)).add(p[1].unsqueeze(1)).tanh().matmul(p[2]).div(Math.Sqrt(5)).add(p[3].unsqueeze(1)).tanh().matmul(p[4]).div(Math.Sqrt(5)).squeeze(-1);
        Assert.Equal(Values(scaled), Values(ntk.Forward(p, x)), Close);
    }

    [Fact]
    public void Parameters_added_to_the_mlp_leave_the_canonical_form_alone_at_their_defaults()
    {
        string Text(string yaml) => Canonical.Compact(Canonical.Of(Component("model", yaml)));
        string before = Text("{ kind: mlp, hidden: 5 }");
        Assert.DoesNotContain("output_bias", before);
        Assert.DoesNotContain("parametrization", before);
        Assert.Equal(before, Text("{ kind: mlp, hidden: 5, output_bias: true, parametrization: ntk }"));
        Assert.Contains("\"parametrization\":\"standard\"", Text("{ kind: mlp, hidden: 5, parametrization: standard }"));
        Assert.Contains("\"output_bias\":false", Text("{ kind: mlp, hidden: 5, output_bias: false }"));
    }

    [Theory]
    [InlineData("{ kind: xavier }", false)]
    [InlineData("{ kind: xavier, distribution: uniform, gain: 2 }", false)]
    [InlineData("{ kind: kaiming }", false)]
    [InlineData("{ kind: kaiming, distribution: uniform, gain: 0.5773502691896258 }", false)]
    [InlineData("{ kind: kaiming, mode: fan_out, gain: 1.5 }", true)]
    public void Xavier_and_kaiming_draw_the_torch_nn_init_scale_from_the_layer_fans(string init, bool fanOut)
    {
        using var _ = NewDisposeScope();
        var model = Model("{ kind: mlp, hidden: 6, depth: 1, parametrization: standard }");
        var drawn = Draw(model, init, features: 4);
        var c = Component("init", init);
        // The same stream, drawn again by hand: every tensor is a standard draw times the scale its layer's fans give.
        using var g = new Generator(7);
        foreach (var (role, tensor) in model.Roles(1, 4).Zip(drawn))
        {
            double std = c.Kind == "xavier"
                ? c.Double("gain") * Math.Sqrt(2.0 / (role.FanIn + role.FanOut))
                : c.Double("gain") / Math.Sqrt(fanOut ? role.FanOut : role.FanIn);
            double[] expected = c.Text("distribution") == "uniform"
                ? [.. Values(rand(role.Shape, dtype: ScalarType.Float64, generator: g)).Select(u => (2 * u - 1) * Math.Sqrt(3) * std)]
                : [.. Values(randn(role.Shape, dtype: ScalarType.Float64, generator: g)).Select(z => z * std)];
            Assert.Equal(expected, Values(tensor), Close);
        }
        // The bias of a layer has its layer's fans: PyTorch's nn.Linear default bound 1/√fan_in for weights and biases alike.
        var roles = model.Roles(1, 4);
        Assert.Equal((4L, 6L), (roles[1].FanIn, roles[1].FanOut));
        Assert.True(roles[1].IsBias && !roles[1].IsOutput && roles[3].IsBias && roles[3].IsOutput);
    }

    [Fact]
    public void A_uniform_draw_stays_inside_its_bound_with_the_variance_of_its_normal()
    {
        using var _ = NewDisposeScope();
        using var g = new Generator(1);
        var kind = Registries.Inits.Create(Component("init", "{ kind: kaiming, distribution: uniform, gain: 1 }"));
        var v = Values(kind.Sample(new ParameterRole([1, 400, 500], 0, false, false, 400, 500), g));
        double bound = Math.Sqrt(3.0 / 400);
        Assert.All(v, x => Assert.InRange(x, -bound, bound));
        double variance = v.Select(x => x * x).Average();
        Assert.InRange(variance / (1.0 / 400), 0.98, 1.02);   // 200,000 draws: the sample variance is within 2% (about 6 standard errors)
    }

    [Fact]
    public void Layers_gives_hidden_weights_the_output_layer_and_biases_their_own_kinds_in_the_models_order()
    {
        using var _ = NewDisposeScope();
        var model = Model("{ kind: mlp, hidden: 4, depth: 2, parametrization: standard }");
        var p = Draw(model, "{ kind: layers, hidden: { kind: normal, scale: 0.5 }, output: zeros, bias: { kind: constant, value: 0.25 } }", features: 3);
        using var g = new Generator(7);
        Assert.Equal(Values(randn([1, 3, 4], dtype: ScalarType.Float64, generator: g)).Select(z => z * 0.5), Values(p[0]), Close);
        Assert.All(Values(p[1]), b => Assert.Equal(0.25, b));
        Assert.Equal(Values(randn([1, 4, 4], dtype: ScalarType.Float64, generator: g)).Select(z => z * 0.5), Values(p[2]), Close);
        Assert.All(Values(p[4]), w => Assert.Equal(0, w));     // the output layer's weights
        Assert.All(Values(p[5]), b => Assert.Equal(0.25, b));  // and its bias
    }
}
