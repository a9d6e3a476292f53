using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Models;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// A trial trained in a batch gives the same bits as the trial trained alone: every metric point,
/// every reference value, the steps completed and the divergence step. Checked on every bundled spec
/// (shortened) and on one case per optimizer and schedule with a swept lr (several optimizer groups
/// in one batch); a last test checks these cases together exercise every registered engine part.
/// </summary>
public class BatchingTests
{
    const int Steps = 40;

    internal static IEnumerable<string> BundledNames() => Repo.SpecNames();

    public static TheoryData<string> BundledSpecs() => new(BundledNames());

    /// <summary>The spec's trials, shortened to <see cref="Steps"/> steps (in the config only: its claims name later steps).</summary>
    internal static IReadOnlyList<Trial> Bundled(string name) =>
        [.. Planner.Plan(SpecBinder.Load(Repo.Spec(name), Registries.Catalog), EngineInfo.Version).Trials
            .Select(t => t with { Config = t.Config with { Train = new TrainSettings(Steps, 10) } })];

    /// <summary>One case per optimizer kind and schedule: two lrs x two init scales x two seeds = 8 trials, 2 optimizer groups.</summary>
    public static readonly IReadOnlyDictionary<string, string> Cases = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["gd-cosine"] = Case("{ kind: gd, lr: 0.05 }", schedule: "{ kind: cosine, warmup: 5 }"),
        ["sgd-step"] = Case("{ kind: sgd, lr: 0.05, batch_size: 4 }", schedule: "{ kind: step, every: 10, factor: 0.5 }"),
        ["sign-gd"] = Case("{ kind: sign-gd, lr: 0.01 }"),
        ["coordinate-descent"] = Case("{ kind: coordinate-descent, lr: 0.05 }"),
        ["mirror-descent"] = Case("{ kind: mirror-descent, lr: 0.05 }", init: "{ kind: constant, value: 0.1 }", sweepInit: "init.value"),
        ["momentum"] = Case("{ kind: momentum, lr: 0.02, momentum: 0.9, nesterov: true }"),
        ["adam"] = Case("{ kind: adam, lr: 0.01 }"),
        ["adamw-mlp"] = Case("{ kind: adamw, lr: 0.01, weight_decay: 0.1 }", model: "{ kind: mlp, hidden: 16, depth: 1, activation: relu }",
            metrics: "[train_loss, test_loss, weight_norm, relative_weight_change]"),
        ["sgd-mlp-tanh"] = Case("{ kind: sgd, lr: 0.05, batch_size: 3 }", model: "{ kind: mlp, hidden: 8, depth: 2, activation: tanh }",
            init: "{ kind: fan-in, gain: 1.0 }", sweepInit: "init.gain", metrics: "[train_loss, sharpness]"),
        // lr 1e5 overflows within about 30 steps while its batch partners go on.
        ["diverging"] = Case("{ kind: gd, lr: 0.05 }", lrs: "[0.05, 100000.0]"),
        // The paper-setting kinds of issue 15.
        ["rademacher-sparse-fixed"] = Case("{ kind: gd, lr: 0.02 }",
            data: "{ kind: rademacher-regression, n_train: 12, n_test: 16, features: 30, target: { kind: sparse-fixed, nonzeros: 4, noise: 0.1 } }"),
        // Eight points: with four, the logistic loss batched differs from alone in the last bit (an open defect, see
        // the issue 15 notes: libtorch's elementwise kernels take a scalar path for a short tail, a vector path otherwise).
        ["points-logistic"] = Case("{ kind: gd, lr: 0.5 }", data: "{ kind: points, x: [[1, 1], [2, 0.5], [1.5, 2], [0.5, 3], [-1, -1], [-0.5, -2], [-2, -1], [-1, -3]], y: [1, 1, 1, 1, -1, -1, -1, -1] }",
            loss: "logistic", metrics: "[train_loss, weight_norm, angle_to_svm]"),
        ["grid-chebyshev-mlp"] = Case("{ kind: gd, lr: 0.05 }", data: "{ kind: grid-1d, n_train: 10, n_test: 20, target: { kind: chebyshev, degree: 3 } }",
            model: "{ kind: mlp, hidden: 8, depth: 1, activation: tanh }", metrics: "[train_loss, test_loss]"),
        ["sensing-symmetric"] = Case("{ kind: gd, lr: 0.002 }", data: "{ kind: matrix-sensing, n: 4, rank: 1, n_train: 6, n_test: 8 }",
            model: "{ kind: symmetric-factorization, n: 4 }", metrics: "[train_loss, nuclear_norm]"),
        ["deep-linear"] = Case("{ kind: gd, lr: 0.02 }", model: "{ kind: deep-linear, depth: 3, width: 5 }"),
        ["mlp-standard-layers"] = Case("{ kind: gd, lr: 0.05 }", model: "{ kind: mlp, hidden: 8, depth: 2, activation: tanh, parametrization: standard, output_bias: false }",
            init: "{ kind: layers, hidden: { kind: xavier, distribution: uniform }, output: { kind: kaiming, gain: 0.5 }, bias: { kind: kaiming, distribution: uniform, gain: 0.5773502691896258 } }",
            sweepInit: "init.hidden.gain", metrics: "[train_loss, test_loss, sharpness]"),
        // The optimizers and step sizes of issue 15 (optimizer geometry, gradient flow, relative step sizes).
        ["steepest-descent-l1"] = Case("{ kind: steepest-descent, norm: l1 }"),
        ["steepest-descent-linf"] = Case("{ kind: steepest-descent, norm: linf }", lrs: "[0.0005, 0.001]"),
        ["steepest-descent-loss-normalized"] = Case("{ kind: steepest-descent, norm: linf, normalize: loss }",
            data: "{ kind: separable-classification, n_train: 12, n_test: 16, features: 6, margin: 0.3 }", loss: "exponential", metrics: "[train_loss, margin, weight_norm]"),
        ["mirror-descent-lp"] = Case("{ kind: mirror-descent, potential: lp, p: 1.5 }"),
        ["sgd-replacement"] = Case("{ kind: sgd, lr: 0.05, batch_size: 4, replacement: true }"),
        ["gradient-flow"] = Case("{ kind: gradient-flow, substeps: 3 }"),
        ["gradient-flow-mlp"] = Case("{ kind: gradient-flow, substeps: 2 }", model: "{ kind: mlp, hidden: 8, depth: 1, activation: tanh }", metrics: "[train_loss, test_loss]"),
        // One setting, a step size per trial: each seed's data has its own curvature, so its own group of rows.
        ["lr-scale-sharpness"] = Case("{ kind: gd, lr_scale: sharpness }", lrs: "[0.5, 1.0]", metrics: "[train_loss, step_size, sharpness_ratio]"),
        ["lr-scale-design"] = Case("{ kind: momentum, lr_scale: design }", lrs: "[0.1, 0.2]", metrics: "[train_loss, step_size, weight_norm]"),
        // Data from a file beside the tests (an absolute path: the case spec has no folder of its own).
        ["file-regression"] = Case("{ kind: gd, lr: 0.05 }", data: $"{{ kind: file, path: {Repo.Path("tests", "Repro.Tests", "Engine", "Fixtures", "regression.csv")}, inputs: [x1, x2, x3], label: y }}"),
        ["xavier-mlp"] = Case("{ kind: gd, lr: 0.05 }", model: "{ kind: mlp, hidden: 8, depth: 1, activation: relu, parametrization: standard }",
            init: "{ kind: xavier, distribution: uniform }", sweepInit: "init.gain", metrics: "[train_loss, test_loss]"),
        // A start at the ridge solution of each trial's own data, at two ridge strengths.
        ["reference-init"] = Case("{ kind: gd, lr: 0.05 }", init: "{ kind: reference, solution: ridge, lambda: 0.5 }", sweepInit: "init.lambda"),
        // Trials of one batch that reach train.until at different steps (or not at all).
        ["until"] = Case("{ kind: gd, lr: 0.05 }", until: "train_loss < 0.5"),
    };

    static string Case(string optimizer, string schedule = "constant", string model = "linear", string init = "{ kind: normal, scale: 0.1 }",
        string sweepInit = "init.scale", string metrics = "[train_loss, dist_to_min_norm, weight_norm]", string lrs = "",
        string data = "{ kind: gaussian-regression, n_train: 12, n_test: 16, features: 30, target: { kind: sparse-linear, nonzeros: 3, noise: 0.1 } }",
        string loss = "mse", string until = "") => $$"""
        name: batch-case
        data: {{data}}
        model: {{model}}
        init: {{init}}
        loss: {{loss}}
        optimizer: {{optimizer}}
        schedule: {{schedule}}
        train: { steps: {{Steps}}, log_every: 10{{(until == "" ? "" : $", until: \"{until}\"")}} }
        seeds: [0, 1]
        sweep:
          optimizer.lr: {{(lrs == "" ? "[0.01, 0.02]" : lrs)}}
          {{sweepInit}}: [0.1, 0.3]
        metrics: {{metrics}}
        """;

    internal static IReadOnlyList<Trial> CaseTrials(string name) => Planner.Plan(Specs.Parse(Cases[name]), EngineInfo.Version).Trials;

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(BundledSpecs))]
    public void Every_trial_of_a_bundled_spec_trained_in_its_batch_equals_the_trial_trained_alone(string name) => AssertBatchEqualsAlone(Bundled(name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Every_optimizer_and_schedule_batched_with_a_swept_lr_equals_each_trial_alone(string name) => AssertBatchEqualsAlone(CaseTrials(name));

    [Fact]
    public void A_diverging_trial_stops_at_its_step_and_its_batch_partners_train_to_the_end()
    {
        var trials = CaseTrials("diverging");
        var results = Trainer.Run(Assert.Single(Batching.Group(trials)));
        Assert.All(results.Where((_, i) => trials[i].Config.Optimizer.Double("lr") == 100000.0), r => Assert.True(r.Diverged && r.StepsCompleted < Steps));
        Assert.All(results.Where((_, i) => trials[i].Config.Optimizer.Double("lr") == 0.05), r => Assert.Equal(Steps, r.StepsCompleted));
    }

    [Fact]
    public void A_trial_stops_at_the_first_recorded_step_where_until_holds_with_the_same_points_up_to_it()
    {
        // The reference: the same trial without the rule, trained to the end; its first recorded step below the bound.
        var full = Trainer.Run(CaseTrials("gd-cosine")[0]);
        var losses = full.Points.Where(p => p.Metric == "train_loss").ToList();
        double bound = losses[2].Value * 1.000001; // reached at the third record (step 20) at the latest
        long reached = losses.First(p => p.Value < bound).Step;
        var trial = CaseTrials("gd-cosine")[0];
        var stopped = Trainer.Run(trial with { Config = trial.Config with { Train = trial.Config.Train with { Until = new StopRule("train_loss", new Repro.Core.Claims.Comparisons.Below(), bound) } } });
        Assert.Equal(reached, stopped.StepsCompleted);
        Assert.Null(stopped.DivergedAtStep);
        Assert.Equal(full.Points.Where(p => p.Step <= reached), stopped.Points);
    }

    [Fact]
    public void The_cases_exercise_every_registered_data_model_init_optimizer_schedule_and_loss_kind()
    {
        var trials = BundledNames().SelectMany(Bundled).Concat(Cases.Keys.SelectMany(CaseTrials)).ToList();
        var missing = new List<string>();
        void Covers<T>(Registry<T> registry, Func<TrialConfig, Component> part)
        {
            var used = trials.Select(t => part(t.Config).Kind).ToHashSet();
            missing.AddRange(registry.Select(k => k.Name).Where(k => !used.Contains(k)).Select(k => $"{registry.Area.Name} {k}"));
        }
        Covers(Registries.Data, c => c.Data);
        Covers(Registries.Models, c => c.Model);
        Covers(Registries.Inits, c => c.Init);
        Covers(Registries.Optimizers, c => c.Optimizer);
        Covers(Registries.Schedules, c => c.Schedule);
        Covers(Registries.Losses, c => c.Loss);
        Assert.True(missing.Count == 0, "no batching test trains " + string.Join(", ", missing));
    }

    [Fact]
    public void Trials_that_differ_in_seed_init_and_optimizer_settings_share_a_batch_and_exact_ridge_trains_alone_with_its_reason()
    {
        var bench = Planner.Plan(SpecBinder.Load(Repo.Path("tools", "bench", "specs", "min-norm-64.yaml"), Registries.Catalog), EngineInfo.Version).Trials;
        Assert.Equal(64, Assert.Single(Batching.Group(bench)).Trials.Count);

        var mixed = Batching.Group(CaseTrials("momentum").Concat(CaseTrials("adam")));
        Assert.Equal(16, Assert.Single(mixed).Trials.Count); // momentum and adam rows, two lrs each: four optimizer groups of one batch

        var ridge = Batching.Group(Bundled("ridge-limit"));
        var alone = ridge.Where(b => b.Alone is not null).ToList();
        Assert.NotEmpty(alone);
        Assert.All(alone, b => Assert.Equal("exact-ridge", Assert.Single(b.Trials).Config.Optimizer.Kind));
        Assert.All(alone, b => Assert.Contains("exact-ridge", b.Alone));

        var shapes = Batching.Group(Bundled("min-norm-regression").Concat(CaseTrials("gd-cosine")));
        Assert.True(shapes.Count >= 2, "trials of different data shapes must not share a batch");
    }

    [Fact]
    public void A_batch_is_refused_when_its_trials_differ_in_what_a_batch_shares_or_one_trains_alone()
    {
        var cosine = CaseTrials("gd-cosine");
        Assert.Equal(8, new TrialBatch(cosine).Trials.Count); // seeds, init scales and lrs may differ

        var schedule = Assert.Throws<ArgumentException>(() => new TrialBatch([cosine[0], CaseTrials("sgd-step")[0]]));
        Assert.Contains("differ in what a batch shares", schedule.Message);
        Assert.Throws<ArgumentException>(() => new TrialBatch([.. CaseTrials("sgd-step"), .. CaseTrials("sgd-step").Select(t => t with
        {
            Config = t.Config with { Optimizer = t.Config.Optimizer with { Params = t.Config.Optimizer.Params.SetItem("batch_size", 6L) } },
        })])); // one minibatch gather for all rows
        Assert.Throws<ArgumentException>(() => new TrialBatch([]));

        var ridge = Bundled("ridge-limit").Where(t => t.Config.Optimizer.Kind == "exact-ridge").ToList();
        Assert.Contains("exact-ridge", Assert.Throws<ArgumentException>(() => new TrialBatch(ridge[..2])).Message);
        Assert.Contains("exact-ridge", Batching.One(ridge[0]).Alone);
        Assert.Null(Batching.One(cosine[0]).Alone);
    }

    [Fact]
    public void Every_optimizer_declares_its_step_size_from_its_own_parameter_and_exact_ridge_has_none()
    {
        foreach (var kind in Registries.Optimizers)
        {
            // Bound alone: some optimizers need partners the tiny spec lacks (mirror descent a positive start).
            var config = Parts.Component("optimizer", $"{{ kind: {kind.Name} }}");
            var optimizer = Registries.Optimizers.Create(config);
            double expected = config.Params.ContainsKey("lr") ? config.Double("lr") : 0;
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(optimizer.StepSize), $"{kind.Name}: step size {optimizer.StepSize}, lr {expected}");
            Assert.Equal(kind.Name == "exact-ridge", optimizer.TrainsAlone is not null);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Shard_parts_cover_the_plan_once_balance_the_work_and_keep_batches_whole_when_there_are_enough(int count)
    {
        var bench = Planner.Plan(SpecBinder.Load(Repo.Path("tools", "bench", "specs", "relu-batch-size.yaml"), Registries.Catalog), EngineInfo.Version).Trials;
        foreach (var plan in new[] { bench, Bundled("min-norm-regression"), Bundled("sgd-noise") })
        {
            var parts = Enumerable.Range(1, count).Select(k => Batching.Part(plan, k, count)).ToList();
            Assert.Equal(plan.Select(t => t.Index).Order(), parts.SelectMany(p => p).Select(t => t.Index).Order()); // each trial exactly once
            Assert.Equal(parts[0], Batching.Part(plan, 1, count));                                                 // the same on every call

            var batches = Batching.Group(plan);
            long Work(IEnumerable<Trial> trials) => trials.Sum(t => t.Config.Train.Steps);
            if (batches.Count >= count) // no batch is split across parts
                Assert.All(batches, b => Assert.Single(parts, p => p.Any(t => b.Trials.Contains(t))));
            else                        // every part gets work, and no part more than twice the fair share
                Assert.All(parts, p => Assert.InRange(Work(p), 1, 2 * Work(plan) / count + plan.Max(t => t.Config.Train.Steps)));
        }
    }

    [Fact]
    public void A_matrix_vector_product_and_its_gradients_have_the_same_bits_in_a_batch_as_for_the_trial_alone()
    {
        TorchRuntime.Start();
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var x = randn([16, 200, 100], ScalarType.Float64, generator: generator).tanh();
        var v = randn([16, 100], ScalarType.Float64, generator: generator);
        var g = randn([16, 200], ScalarType.Float64, generator: generator);
        // The product, and the gradients of ⟨g, x·v⟩ for x (a hidden layer's input) and v (a weight).
        static (Tensor Y, Tensor Gx, Tensor Gv) Run(Tensor x0, Tensor v0, Tensor g0)
        {
            var (xs, vs) = (x0.clone().requires_grad_(true), v0.clone().requires_grad_(true));
            var y = BatchedProducts.MatVec(xs, vs);
            (y * g0).sum().backward();
            return (y.detach(), xs.grad!, vs.grad!);
        }
        var batched = Run(x, v, g);
        for (int k = 0; k < 16; k++)
        {
            var alone = Run(x.narrow(0, k, 1), v.narrow(0, k, 1), g.narrow(0, k, 1));
            Assert.True(alone.Y.eq(batched.Y.narrow(0, k, 1)).all().item<bool>(), $"row {k}: product differs");
            Assert.True(alone.Gx.eq(batched.Gx.narrow(0, k, 1)).all().item<bool>(), $"row {k}: gradient for x differs");
            Assert.True(alone.Gx.is_contiguous() && batched.Gx.is_contiguous(), "the gradient for x must come out contiguous, as the column form's does");
            Assert.True(alone.Gv.eq(batched.Gv.narrow(0, k, 1)).all().item<bool>(), $"row {k}: gradient for v differs");
        }
    }

    static void AssertBatchEqualsAlone(IReadOnlyList<Trial> trials)
    {
        foreach (var batch in Batching.Group(trials))
        {
            var together = Trainer.Run(batch);
            for (int i = 0; i < batch.Trials.Count; i++)
                AssertSame(Trainer.Run(batch.Trials[i]), together[i], batch.Trials.Count);
        }
    }

    static void AssertSame(TrialResult alone, TrialResult batched, int batchSize)
    {
        string where = $"trial {alone.Key[..12]} in a batch of {batchSize}";
        Assert.Equal(alone.Key, batched.Key);
        Assert.Equal((alone.StepsCompleted, alone.DivergedAtStep), (batched.StepsCompleted, batched.DivergedAtStep));
        Assert.Equal(alone.Points.Count, batched.Points.Count);
        for (int i = 0; i < alone.Points.Count; i++)
        {
            var (a, b) = (alone.Points[i], batched.Points[i]);
            Assert.True(a.Step == b.Step && a.Metric == b.Metric && BitConverter.DoubleToInt64Bits(a.Value) == BitConverter.DoubleToInt64Bits(b.Value),
                $"{where}: {a.Metric} at step {a.Step} is {a.Value:R} alone, {b.Value:R} batched");
        }
        var (ra, rb) = (alone.References ?? [], batched.References ?? []);
        Assert.Equal(ra.Count, rb.Count);
        for (int i = 0; i < ra.Count; i++)
            Assert.True(ra[i] with { Value = 0 } == rb[i] with { Value = 0 } && BitConverter.DoubleToInt64Bits(ra[i].Value) == BitConverter.DoubleToInt64Bits(rb[i].Value),
                $"{where}: reference {ra[i]} alone, {rb[i]} batched");
        // The final parameters (weights.parquet) too: taken from the trial's own rows of the batch.
        var (wa, wb) = (alone.Weights!, batched.Weights!);
        Assert.Equal(wa.Select(w => (w.Name, string.Join("x", w.Shape))), wb.Select(w => (w.Name, string.Join("x", w.Shape))));
        for (int t = 0; t < wa.Count; t++)
            for (int i = 0; i < wa[t].Values.Count; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(wa[t].Values[i]) == BitConverter.DoubleToInt64Bits(wb[t].Values[i]),
                    $"{where}: {wa[t].Name}[{i}] is {wa[t].Values[i]:R} alone, {wb[t].Values[i]:R} batched");
    }
}
