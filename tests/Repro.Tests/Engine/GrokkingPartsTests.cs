using Repro.Core;
using Repro.Core.Plan;
using Repro.Engine.Data;
using Repro.Engine.Losses;
using Repro.Engine.Metrics;
using Repro.Engine.Models;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using TorchSharp.Modules;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>The parts of the grokking experiment (stateful optimizers, cross-entropy, modular data, the embedding MLP, accuracies), each on a case checked by hand.</summary>
public class GrokkingPartsTests
{
    public GrokkingPartsTests() => TorchRuntime.Start();

    // Runs `steps` steps of an optimizer kind with a fixed gradient and returns the parameters.
    static double[] Steps(string optimizer, double[] start, double[] gradient, int steps)
    {
        var p = Row(start).requires_grad_(true);
        (p * Row(gradient)).sum().backward(); // ∂/∂p = gradient, the same at every step
        using var run = Begin(optimizer, p);
        for (int i = 0; i < steps; i++) run.Step(1.0, UnitLosses());
        return Values(p.detach());
    }

    [Fact]
    public void Momentum_accumulates_the_gradient_in_its_buffer()
    {
        // b₁ = g, b₂ = 1.9g: θ₂ = θ₀ − 0.1g − 0.19g.
        Assert.Equal([1 - 0.29, 2 + 0.58], Steps("{ kind: momentum, lr: 0.1, momentum: 0.9 }", [1, 2], [1, -2], 2), Close);
        // Nesterov steps along g + μb: 1.9g, then g + 0.9·1.9g = 2.71g.
        Assert.Equal([1 - 0.19 - 0.271, 2 + 0.38 + 0.542], Steps("{ kind: momentum, lr: 0.1, momentum: 0.9, nesterov: true }", [1, 2], [1, -2], 2), Close);
    }

    // Adam's recursion written out in scalars, one coordinate at a time.
    static double[] AdamByHand(double[] start, double[] g, int steps, double lr, double b1, double b2, double eps, double decay)
    {
        var p = (double[])start.Clone();
        for (int j = 0; j < p.Length; j++)
        {
            double m = 0, v = 0;
            for (int t = 1; t <= steps; t++)
            {
                p[j] *= 1 - lr * decay;
                m = b1 * m + (1 - b1) * g[j];
                v = b2 * v + (1 - b2) * g[j] * g[j];
                double mHat = m / (1 - Math.Pow(b1, t)), vHat = v / (1 - Math.Pow(b2, t));
                p[j] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }
        return p;
    }

    [Fact]
    public void Adam_and_adamw_follow_their_formulas()
    {
        double[] start = [1, -2, 0.5], g = [0.3, -4, 1e-3];
        Assert.Equal(AdamByHand(start, g, 3, 0.01, 0.9, 0.999, 1e-8, 0),
            Steps("{ kind: adam, lr: 0.01 }", start, g, 3), Close);
        Assert.Equal(AdamByHand(start, g, 3, 0.05, 0.8, 0.99, 1e-3, 0.5),
            Steps("{ kind: adamw, lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-3, weight_decay: 0.5 }", start, g, 3), Close);
        // First step: m̂ = g and v̂ = g², so every coordinate moves by about lr, whatever its gradient's size.
        Assert.Equal([1 - 0.01, -2 + 0.01, 0.5 - 0.01], Steps("{ kind: adam, lr: 0.01, eps: 1e-300 }", start, g, 1), Close);
    }

    [Theory]
    [InlineData("{ kind: adam, lr: 0.02 }", 0.0)]
    [InlineData("{ kind: adamw, lr: 0.02, weight_decay: 0.3 }", 0.3)]
    public void Adam_and_adamw_match_torch_optim_on_a_changing_gradient(string optimizer, double decay)
    {
        using var g = new Generator(3);
        var start = randn([2, 3, 4], dtype: ScalarType.Float64, generator: g);
        var weights = randn([2, 3, 4], dtype: ScalarType.Float64, generator: g);
        Tensor Loss(Tensor p) => (weights * p.pow(3)).sum() + p.square().sum();

        var ours = start.clone().requires_grad_(true);
        var theirs = new Parameter(start.clone(), requires_grad: true);
        using var run = Begin(optimizer, ours);
        var reference = decay == 0
            ? (TorchSharp.Modules.OptimizerHelper)optim.Adam([theirs], lr: 0.02)
            : optim.AdamW([theirs], lr: 0.02, weight_decay: decay);
        for (int step = 0; step < 5; step++)
        {
            ours.grad?.zero_();
            Loss(ours).backward();
            run.Step(1.0, UnitLosses());
            reference.zero_grad();
            Loss(theirs).backward();
            reference.step();
        }
        Assert.Equal(Values(theirs.detach()), Values(ours.detach()), Close);
    }

    [Fact]
    public void Adam_rejects_a_beta_of_one_when_the_spec_is_bound()
    {
        var e = Assert.Throws<Repro.Core.Spec.SpecException>(() => Component("optimizer", "{ kind: adamw, beta2: 1 }"));
        Assert.Contains("optimizer.beta2 must be >= 0 and < 1, got 1", Assert.Single(e.Errors).Problem);
    }

    [Fact]
    public void Cross_entropy_is_the_mean_negative_log_softmax_of_the_target()
    {
        var logits = tensor(new double[] { 1, 2, 0, 0, 0, 0 }, dtype: ScalarType.Float64).reshape(1, 2, 3);
        var targets = Row(1, 2);
        double first = -Math.Log(Math.Exp(2) / (Math.Exp(1) + Math.Exp(2) + 1)), second = Math.Log(3);
        Assert.Equal((first + second) / 2, Values(new CrossEntropy().Compute(logits, targets))[0], 12);
        Assert.Throws<InvalidOperationException>(() => new CrossEntropy().Compute(Row(1, 2), Row(0, 1))); // the binder never pairs it so
    }

    [Fact]
    public void Modular_addition_splits_all_pairs_and_labels_their_sum()
    {
        var data = Registries.Data.Create(Component("data", "{ kind: modular-addition, modulus: 5, train_fraction: 0.4 }"))
            .Generate(SeedStreams.For(0, SeedStreams.Data));
        Assert.Equal([1L, 10, 2], data.XTrain.shape);
        Assert.Equal([1L, 15, 2], data.XTest.shape);
        var pairs = new List<(double A, double B)>();
        foreach (var (x, y) in new[] { (data.XTrain, data.YTrain), (data.XTest, data.YTest) })
        {
            var a = Values(x.select(-1, 0));
            var b = Values(x.select(-1, 1));
            Assert.Equal(a.Zip(b, (i, j) => (i + j) % 5), Values(y));
            pairs.AddRange(a.Zip(b));
        }
        Assert.Equal(25, pairs.Distinct().Count());
        Assert.All(pairs, pair => Assert.True(pair.A is >= 0 and < 5 && pair.B is >= 0 and < 5));
        var again = Registries.Data.Create(Component("data", "{ kind: modular-addition, modulus: 5, train_fraction: 0.4 }"))
            .Generate(SeedStreams.For(0, SeedStreams.Data));
        Assert.Equal(Values(data.XTrain), Values(again.XTrain));
    }

    [Fact]
    public void Data_and_model_must_agree_on_the_modulus()
    {
        var error = Specs.SingleError("name: t\ndata: { kind: modular-addition, modulus: 7 }\nmodel: { kind: embedding-mlp, modulus: 5 }\nloss: cross-entropy\n");
        Assert.Contains("model.modulus = 5 must equal data.modulus = 7", error.Problem);
    }

    [Theory]
    [InlineData("concat")]
    [InlineData("sum")]
    public void The_embedding_mlp_looks_up_both_tokens_in_one_table(string combine)
    {
        var model = Registries.Models.Create(Component("model", $"{{ kind: embedding-mlp, modulus: 5, embed: 3, hidden: 4, combine: {combine} }}"));
        using var g = new Generator(1);
        var parameters = model.Shapes(1, 2).Select(s => randn(s, dtype: ScalarType.Float64, generator: g)).ToList();
        Assert.Equal([1L, 5, 3], parameters[0].shape);
        Assert.Equal([1L, combine == "sum" ? 3 : 6, 4], parameters[1].shape);
        var x = tensor(new double[] { 1, 3, 4, 4 }, dtype: ScalarType.Float64).reshape(1, 2, 2); // (1, 3) and (4, 4)
        var logits = model.Forward(parameters, x);
        Assert.Equal([1L, 2, 5], logits.shape);
        var table = parameters[0][0];
        foreach (var (row, a, b) in new[] { (0, 1L, 3L), (1, 4L, 4L) })
        {
            var embedded = combine == "sum" ? table[a] + table[b] : cat([table[a], table[b]], 0);
            var expected = nn.functional.relu(embedded.matmul(parameters[1][0])).matmul(parameters[2][0]);
            Assert.Equal(Values(expected), Values(logits[0, row]), Close);
        }
        Assert.Throws<InvalidOperationException>(() => model.Shapes(1, 7)); // the binder never pairs it so
    }

    [Fact]
    public void The_fan_in_init_scales_by_the_input_dimension()
    {
        var init = Registries.Inits.Create(Component("init", "{ kind: fan-in, gain: 2.0 }"));
        var w = init.Sample([1, 400, 300], new Generator(5));
        Assert.Equal(2.0 / 20, Values(w.std())[0], 0.002);
    }

    /// <summary>f(x) = x + b: inputs are the logits, shifted by a bias the test sets between records.</summary>
    sealed class Shifted : IModel
    {
        public IReadOnlyList<long[]> Shapes(long trials, long features) => [[trials, 1, features]];

        public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x) => x + parameters[0];
    }

    [Fact]
    public void Accuracies_and_threshold_steps_follow_the_recorded_path()
    {
        // Two classes; every training point is class 1, every test point class 0, so the bias decides.
        var x = zeros([1, 4, 2], dtype: ScalarType.Float64);
        using var data = new Dataset(x, ones([1, 4], dtype: ScalarType.Float64), x.clone(), zeros([1, 4], dtype: ScalarType.Float64));
        var bias = zeros([1, 1, 2], dtype: ScalarType.Float64);
        using var context = new MetricContext(data, new Shifted(), [bias], new CrossEntropy(), empty(0), [bias.clone()]);
        var (train, test, trainStep, testStep, delay) = (new TrainAccuracy(), new TestAccuracy(), new StepsToTrain99(), new StepsToTest90(), new GrokkingDelay());

        double[] Record(long step, double toward1)
        {
            context.Step = step;
            bias.copy_(tensor(new[] { 0, toward1 }, dtype: ScalarType.Float64).reshape(1, 1, 2));
            return [.. new IMetric[] { train, test, trainStep, testStep, delay }.Select(m => Values(m.Compute(context))[0])];
        }

        Assert.Equal([0.0, 1.0, double.NaN, 0.0, double.NaN], Record(0, -1));
        Assert.Equal([1.0, 0.0, 10.0, 0.0, -10.0], Record(10, 1));
        Assert.Equal([0.0, 1.0, 10.0, 0.0, -10.0], Record(20, -1)); // a later dip keeps the first crossing
    }

    [Fact]
    public void A_small_modular_addition_run_memorizes_with_adamw_and_cross_entropy()
    {
        string yaml = """
            name: tiny-grok
            data: { kind: modular-addition, modulus: 7, train_fraction: 0.6 }
            model: { kind: embedding-mlp, modulus: 7, embed: 8, hidden: 32 }
            init: fan-in
            optimizer: { kind: adamw, lr: 0.01, weight_decay: 0.1 }
            loss: cross-entropy
            train: { steps: 200, log_every: 50 }
            metrics: [train_loss, train_accuracy, test_accuracy, steps_to_train_99]
            """;
        var trial = Planner.Plan(Specs.Parse(yaml), Repro.Engine.EngineInfo.Version).Trials[0];
        var result = Trainer.Run(trial);
        Assert.False(result.Diverged);
        Assert.Equal(1.0, result.Series("train_accuracy").Last().Value);
        Assert.True(result.Series("train_loss").Last().Value < result.Series("train_loss").First().Value / 10);
        Assert.InRange(result.Series("steps_to_train_99").Last().Value, 50, 200);
        Assert.Equal(result.Series("test_accuracy").Select(p => p.Value), Trainer.Run(trial).Series("test_accuracy").Select(p => p.Value));
    }
}
