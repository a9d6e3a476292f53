using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine.Data;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;
using Repro.Engine.Numerics;

namespace Repro.Tests.Engine;

/// <summary>init reference: the linear model starts at min-norm or ridge solutions computed independently here.</summary>
public class ReferenceInitTests
{
    public ReferenceInitTests() => TorchRuntime.Start();

    static (Tensor X, Tensor Y, Dataset Data) Case(int n, int p)
    {
        using var g = new Generator(7);
        var x = randn([1, n, p], dtype: ScalarType.Float64, generator: g);
        var y = randn([1, n], dtype: ScalarType.Float64, generator: g);
        return (x, y, new Dataset(x, y, x, y));
    }

    static Tensor Start(string init, string model, Dataset data)
    {
        var kind = Registries.Inits.Create(Component("init", init));
        using var g = new Generator(0);
        return kind.Start(Registries.Models.Create(Component("model", model)), data, g).Single();
    }

    [Fact]
    public void Min_norm_start_is_the_minimum_norm_interpolant_and_has_zero_gradient()
    {
        var (x, y, data) = Case(8, 20);
        var w = Start("{ kind: reference }", "linear", data).requires_grad_(true);
        // p > n: the minimum-norm interpolant is Xᵀ(XXᵀ)⁻¹y, by linalg.solve rather than pinv.
        var expected = x[0].T.matmul(linalg.solve(x[0].matmul(x[0].T), y[0]));
        Assert.Equal(Values(expected), Values(w[0].detach()), EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-10, _ => 0));
        var loss = (x.bmm(w.unsqueeze(-1)).squeeze(-1) - y).square().mean();
        var gradient = Gradients.Of([loss], [w])[0];
        Assert.True(linalg.vector_norm(gradient).item<double>() < 1e-10);
    }

    [Fact]
    public void Ridge_start_matches_linalg_solve_of_the_normal_equations_with_the_exact_ridge_convention()
    {
        var (x, y, data) = Case(12, 5);
        var w = Start("{ kind: reference, solution: ridge, lambda: 0.3 }", "linear", data);
        var gram = x[0].T.matmul(x[0]) + eye(5, dtype: ScalarType.Float64).Times(0.3);
        var expected = linalg.solve(gram, x[0].T.matmul(y[0]));
        Assert.Equal(Values(expected), Values(w[0]), EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-10, _ => 0));
    }

    [Fact]
    public void Ridge_start_includes_the_intercept_column_when_the_model_has_a_bias()
    {
        var (x, y, data) = Case(12, 3);
        var w = Start("{ kind: reference, solution: ridge, lambda: 2 }", "{ kind: linear, bias: true }", data);
        var a = cat([x[0], ones([12, 1], dtype: ScalarType.Float64)], 1);
        var expected = linalg.solve(a.T.matmul(a) + eye(4, dtype: ScalarType.Float64).Times(2.0), a.T.matmul(y[0]));
        Assert.Equal(Values(expected), Values(w[0]), EqualityComparer<double>.Create((p, q) => Math.Abs(p - q) < 1e-10, _ => 0));
    }

    [Fact]
    public void Gd_from_the_min_norm_start_stays_there()
    {
        string yaml = Specs.Tiny.Replace("init: zeros", "init: { kind: reference, solution: min-norm }")
            .Replace("metrics: [train_loss, dist_to_min_norm]", "metrics: [train_loss, dist_to_min_norm, relative_weight_change]");
        var result = Trainer.Run(Planner.Plan(Specs.Parse(yaml), 1).Trials[0]);
        Assert.Equal(0, result.Series("dist_to_min_norm").First().Value);      // the same pinv on the same data
        Assert.All(result.Series("dist_to_min_norm"), p => Assert.True(p.Value < 1e-10));
        Assert.All(result.Series("relative_weight_change"), p => Assert.True(p.Value < 1e-10));
        Assert.All(result.Series("train_loss"), p => Assert.True(p.Value < 1e-20));
    }

    [Theory]
    [InlineData("init: { kind: reference, solution: ridge }", "init.lambda: solution ridge needs a penalty lambda > 0")]
    [InlineData("init: { kind: reference, lambda: 0.5 }", "init.lambda: lambda sets the ridge penalty, but solution is min-norm")]
    [InlineData("init: { kind: reference, solution: exact }", "unknown init.solution 'exact'")]
    [InlineData("init: { kind: layers, output: reference }", "init.output: init reference starts a whole linear model, not one layer")]
    public void Bad_reference_inits_are_one_error_at_the_value(string init, string problem)
    {
        var error = Specs.SingleError(Specs.Tiny.Replace("init: zeros", init));
        Assert.Contains(problem, error.Problem);
        Assert.Equal(4, error.Where.Line);
    }

    [Fact]
    public void A_reference_init_needs_the_linear_model()
    {
        var error = Specs.SingleError(Specs.Tiny.Replace("init: zeros", "init: { kind: reference }").Replace("model: linear", "model: { kind: mlp, hidden: 3 }")
            .Replace("metrics: [train_loss, dist_to_min_norm]", "metrics: [train_loss]"));
        Assert.Contains("reference", error.ToString());
        Assert.Contains("linear", error.ToString());
    }
}
