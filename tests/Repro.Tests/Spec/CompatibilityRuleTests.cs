using Repro.Core.Spec;
using Repro.Core.Spec.Yaml;
using Repro.Engine.Registry;
using Repro.Tests.Support;

namespace Repro.Tests.Spec;

/// <summary>
/// Every rule that relates the parts of a trial, tried through `repro validate`: exit 2, one line per broken rule,
/// at the position of the value that breaks it. In each case `^` marks that position (it is removed before the
/// spec is written): the value the spec writes, a swept value, the section of a defaulted kind, or the top.
/// </summary>
public class CompatibilityRuleTests
{
    public sealed record Case(string Yaml, string Problem, string Fix);

    /// <summary>What `repro validate` prints for this spec (marker removed), and where the marker was.</summary>
    static async Task<(ReproCli.Outcome Outcome, string Path, Mark Expected)> Validate(string marked, params string[] overrides)
    {
        var lines = marked.Split('\n');
        int line = Array.FindIndex(lines, l => l.Contains('^'));
        Assert.True(line >= 0, "the case marks no position with ^");
        var expected = new Mark("", line + 1, lines[line].IndexOf('^') + 1);
        using var dir = new TempDir();
        string path = dir.File("spec.yaml", marked.Replace("^", ""));
        var outcome = await ReproCli.Run(["validate", path, .. overrides.SelectMany(o => new[] { "--set", o })]);
        return (outcome, path, expected with { File = path });
    }

    public static TheoryData<Case> Rules() =>
    [
        // Ranges the solvers and the optimizers need.
        new("name: t\noptimizer: { kind: adam, beta2: ^1 }", "optimizer.beta2 must be >= 0 and < 1, got 1", "beta2: a number >= 0 and < 1"),
        new("name: t\noptimizer: { kind: adamw, beta1: ^1.0 }", "optimizer.beta1 must be >= 0 and < 1, got 1", "< 1"),
        new("name: t\ndata: { target: { noise: ^1e308 } }", "data.target.noise must be >= 0 and <= 1000000, got 1e+308", "at most 1e6"),
        new("name: t\ndata: { kind: separable-classification, margin: ^1e308 }\nloss: logistic", "data.margin must be > 0 and <= 1000000", "max-margin solvers"),
        new("name: t\ninit: { kind: normal, scale: ^1e300 }", "init.scale must be > 0 and <= 1000000, got 1e+300", "scale"),

        // Kinds that need another part of the trial to be of a certain sort.
        new("name: t\nmodel: mlp\noptimizer: ^exact-ridge", "optimizer exact-ridge needs the linear model f(x) = ⟨w, x⟩ + b, which model mlp does not provide (it solves for w in closed form)", "use a model kind that provides it (linear), or another optimizer"),
        new("^name: t\nloss: cross-entropy", "loss cross-entropy needs a model with one logit per class, which the default model linear does not provide", "add `model: embedding-mlp`"),
        new("^name: t\nmodel: embedding-mlp\ndata: modular-addition", "model embedding-mlp does not fit the default loss mse, which needs a model with one prediction per point", "add `loss: cross-entropy`"),
        new("name: t\ndata: modular-addition\nmodel: embedding-mlp\nloss: ^logistic", "loss logistic needs a model with one prediction per point, which model embedding-mlp does not provide", "(linear, diagonal-net, single-neuron, mlp, factorized-matrix, symmetric-factorization, deep-linear), or another loss"),
        new("name: t\ndata: gaussian-regression\nmodel: ^embedding-mlp\nloss: cross-entropy", "model embedding-mlp needs data whose inputs are token pairs (a, b), which data gaussian-regression does not provide (it embeds tokens)", "use a data kind that provides it (modular-addition)"),
        new("name: t\nmodel: { kind: factorized-matrix }\ndata: ^{ n_train: 5 }", "model factorized-matrix needs data whose inputs are (row, column) entries of a matrix, which the default data gaussian-regression does not provide (it reads (row, column) pairs)", "add `kind: matrix-completion` to `data:`"),
        new("name: t\noptimizer: { kind: mirror-descent, lr: 0.1 }\ninit: { kind: constant, value: ^-0.5 }", "optimizer mirror-descent needs a start with every parameter > 0, which init constant provides only with value > 0, not init.value = -0.5 (the entropy potential is defined for θ > 0 only)", "set init.value > 0"),
        new("^name: t\noptimizer: { kind: mirror-descent, lr: 0.1 }", "which the default init zeros does not provide", "add `init: constant`"),
        new("name: t\ninit: zeros\noptimizer: ^mirror-descent", "optimizer mirror-descent needs a start with every parameter > 0", "use an init kind that provides it (constant (value > 0)), or another optimizer"),
        // Needs that come with a value: the entropy potential's positive start, lr_scale design's coefficients.
        new("name: t\nmodel: mlp\noptimizer: { kind: gd, lr_scale: ^design }", "optimizer gd needs a model with a coefficient vector w, which model mlp does not provide (lr_scale design reads the design matrix X", "use a model kind that provides it (linear, diagonal-net, single-neuron, factorized-matrix, symmetric-factorization, deep-linear), or another optimizer.lr_scale"),
        new("name: t\ninit: { kind: constant, value: 0.1 }\noptimizer: { kind: mirror-descent, p: ^1.5 }", "optimizer.p: p sets the lp potential, but potential is entropy", "set potential: lp, or remove p"),
        new("name: t\noptimizer: { kind: mirror-descent, potential: lp, p: ^1 }", "optimizer.p must be > 1, got 1", "the exponent of potential lp"),
        // Gradient flow takes the full batch: there is no minibatch to give it.
        new("name: t\noptimizer: { kind: gradient-flow, lr: 0.1, ^batch_size: 4 }", "unknown key 'batch_size' in optimizer kind 'gradient-flow'", "lr, substeps, lr_scale"),
        new("name: t\noptimizer: { kind: gradient-flow, substeps: ^0 }", "optimizer.substeps must be >= 1 and <= 1000, got 0", "RK4 steps per step"),

        // Metrics that need a sort of model, data or init.
        new("name: t\nmodel: mlp\nmetrics: [train_loss, ^dist_to_min_norm]", "metric dist_to_min_norm needs a model with a coefficient vector w, which model mlp does not provide", "(linear, diagonal-net, single-neuron, factorized-matrix, symmetric-factorization, deep-linear), or remove dist_to_min_norm from `metrics:`"),
        new("name: t\nmodel: linear\nmetrics: [^nuclear_norm]", "metric nuclear_norm needs a matrix model (an end-to-end matrix W), which model linear does not provide", "(factorized-matrix, symmetric-factorization)"),
        new("name: t\nmodel: mlp\nmetrics: [^test_accuracy]", "metric test_accuracy needs a model with one logit per class", "(embedding-mlp)"),
        new("name: t\ndata: gaussian-regression\nloss: logistic\nmetrics: [^margin_gap]", "metric margin_gap needs data labelled ±1, which data gaussian-regression does not provide", "(separable-classification, points (y all ±1), file (label all ±1))"),
        new("^name: t\nloss: logistic\nmetrics: [angle_to_svm]", "metric angle_to_svm needs data labelled ±1, which the default data gaussian-regression does not provide", "add `data: separable-classification`"),
        new("name: t\ndata: { target: sin-sum }\nmetrics: [^support_recovery]", "metric support_recovery needs data generated by known true coefficients, one per input feature, which data.target sin-sum does not provide", "(sparse-linear, fixed, sparse-fixed, noise)"),
        new("name: t\nmodel: { kind: linear, bias: ^true }\nmetrics: [support_recovery]", "metric support_recovery needs a model with one coefficient per input feature (no intercept), which model linear provides only with bias = false, not model.bias = true", "set model.bias = false"),
        new("name: t\nmodel: diagonal-net\ninit: { kind: constant, value: 0.1 }\nmetrics: [^dist_to_min_entropy]", "metric dist_to_min_entropy needs a model whose coefficients are positive wherever its parameters are, which model diagonal-net does not provide", "(linear, single-neuron)"),
        new("name: t\ninit: { kind: normal, scale: 0.1 }\nmetrics: [^dist_to_min_entropy]", "metric dist_to_min_entropy needs a start with every parameter > 0, which init normal does not provide (the entropy interpolant is stated from a positive w₀)", "(constant (value > 0))"),
        // Named reference families: truth, q_alpha, the nuclear references, the SVM residual.
        new("name: t\ndata: { target: sin-sum }\nmetrics: [^dist_to_truth]", "metric dist_to_truth needs data generated by known true coefficients, one per input feature, which data.target sin-sum does not provide", "(sparse-linear, fixed, sparse-fixed, noise)"),
        new("name: t\nmodel: { kind: linear, bias: ^true }\nmetrics: [excess_test_loss_over_truth]", "metric excess_test_loss_over_truth needs a model with one coefficient per input feature (no intercept), which model linear provides only with bias = false, not model.bias = true", "set model.bias = false"),
        new("name: t\ndata: { n_train: 10, features: 20 }\nmodel: { kind: diagonal-net, depth: ^3 }\ninit: { kind: constant, value: 0.1 }\nmetrics: [dist_to_q_alpha]", "metric dist_to_q_alpha needs a depth-2 diagonal network w = u∘u − v∘v, which model diagonal-net provides only with depth = 2, not model.depth = 3", "set model.depth = 2"),
        new("name: t\ndata: { n_train: 10, features: 20 }\nmodel: diagonal-net\ninit: { kind: normal, scale: 0.1 }\nmetrics: [^dist_to_q_alpha]", "metric dist_to_q_alpha needs a start with every parameter at one nonzero value α, which init normal does not provide (the Q_α theorem starts at u = v = α)", "(constant (value ≠ 0))"),
        new("name: t\ndata: { n_train: 10, features: 20 }\nmodel: diagonal-net\ninit: { kind: constant, value: ^0 }\nmetrics: [norm_ratio_to_q_alpha]", "metric norm_ratio_to_q_alpha needs a start with every parameter at one nonzero value α, which init constant provides only with value ≠ 0, not init.value = 0", "set init.value ≠ 0"),
        new("name: t\ndata: { kind: separable-classification, n_train: 10, features: 20 }\nmodel: diagonal-net\ninit: { kind: constant, value: 0.1 }\nloss: logistic\nmetrics: [^dist_to_q_alpha]", "metric dist_to_q_alpha needs the squared loss, which loss logistic does not provide (the Q_α theorem is gradient flow on the squared loss)", "(mse)"),
        new("name: t\ndata: { n_train: 10, features: 20 }\nmodel: linear\ninit: { kind: constant, value: 0.1 }\nmetrics: [^q_alpha_test_loss]", "metric q_alpha_test_loss needs a depth-2 diagonal network w = u∘u − v∘v, which model linear does not provide", "(diagonal-net (depth = 2))"),
        new("name: t\ndata: { kind: matrix-sensing, n: 4, n_train: 8 }\nmodel: { kind: symmetric-factorization, n: 4 }\nmetrics: [^dist_to_min_nuclear]", "metric dist_to_min_nuclear needs data whose inputs are (row, column) entries of a matrix, which data matrix-sensing does not provide", "*_min_nuclear_sensing"),
        new("name: t\ndata: { kind: matrix-sensing, n: 4, n_train: ^11 }\nmodel: { kind: symmetric-factorization, n: 4 }\nmetrics: [dist_to_min_nuclear_sensing]", "metric dist_to_min_nuclear_sensing needs data whose inputs are measurement matrices of a symmetric n × n matrix, at most n(n+1)/2 of them (its degrees of freedom), which data matrix-sensing provides only with n_train <= n(n+1)/2, not data.n_train = 11", "set data.n_train <= n(n+1)/2"),
        new("^name: t\nmetrics: [dist_to_min_nuclear_sensing]", "metric dist_to_min_nuclear_sensing needs data whose inputs are measurement matrices of a symmetric n × n matrix, at most n(n+1)/2 of them (its degrees of freedom), which the default data gaussian-regression does not provide", "add `data: matrix-sensing`"),
        new("name: t\ndata: gaussian-regression\nmetrics: [^svm_log_t_residual]", "metric svm_log_t_residual needs data labelled ±1, which data gaussian-regression does not provide", "(separable-classification, points (y all ±1), file (label all ±1))"),
        new("name: t\ndata: { n_train: 10, features: 20 }\nmodel: single-neuron\nmetrics: [^min_norm_test_loss]", "metric min_norm_test_loss needs a model whose predictions are linear in its coefficients, which model single-neuron does not provide (the reference predicts by Design(x)·w)", "remove min_norm_test_loss"),
        new("name: t\ndata: { n_train: 40, features: 20, target: { noise: 0.1 } }\nmetrics: [^dist_to_min_l1]", "metric dist_to_min_l1 compares with an interpolant (Xw = y), but the 40 training points outnumber the 20 coefficients of model linear", "use at most 20 training points"),

        // Parameters tied to parameters of other parts.
        new("name: t\ndata: { features: 20, target: { nonzeros: ^30 } }", "data.target.nonzeros = 30 exceeds data.features = 20", "use a value <= 20"),
        new("name: t\ndata: { features: ^3 }", "data.features = 3 is below data.target.nonzeros = 5 (the default)", "use data.features >= 5, or set data.target.nonzeros <= 3"),
        new("name: t\ndata: { features: 4, target: { kind: sin-sum, inputs: ^5 } }", "data.target.inputs = 5 exceeds data.features = 4", "use a value <= 4"),
        new("name: t\ndata: { kind: separable-classification, features: 2, nonzeros: ^3 }\nloss: logistic", "data.nonzeros = 3 exceeds data.features = 2", "use a value <= 2"),
        new("name: t\ndata: { n_train: 8 }\noptimizer: { kind: sgd, batch_size: ^9 }", "optimizer.batch_size = 9 exceeds data.n_train = 8", "use a value <= 8"),
        new("name: t\ndata: { kind: modular-addition, modulus: ^41 }\nmodel: embedding-mlp\nloss: cross-entropy", "data.modulus = 41 must equal model.modulus = 23 (the default)", "set model.modulus: 41 as well, or data.modulus: 23"),
        new("name: t\ndata: { kind: matrix-completion, rows: 12 }\nmodel: { kind: factorized-matrix, rows: ^10 }", "model.rows = 10 must equal data.rows = 12", "set model.rows: 12, or data.rows: 10"),
        new("name: t\ndata: { kind: matrix-completion, rows: 6, cols: 2, rank: ^3 }", "data.rank = 3 exceeds data.cols = 2", "use a value <= 2"),
        new("name: t\ndata: { kind: matrix-completion, rows: 2, cols: 2, rank: 1, observed: ^1.0 }", "data.observed = 1 of 4 entries leaves no test entries", "choose a fraction between 0.25 and 0.75"),
        new("name: t\ndata: { kind: modular-addition, modulus: 2, train_fraction: ^0.1 }", "data.train_fraction = 0.1 of 4 pairs leaves no training pairs", "choose a fraction between 0.25 and 0.75"),

        // The memory one trial needs.
        new("name: t\ndata: ^{ features: 100000000 }", "one trial needs about 393 GiB (388 GiB of data, 4.5 GiB for 100,000,000 parameters", "raise the budget with REPRO_MAX_TRIAL_BYTES=BYTES"),
        new("name: t\ndata: ^{ n_test: 1000000000 }", "one trial needs about 753 GiB (753 GiB of data", "use smaller sizes"),
        new("name: t\ndata: { features: 10 }\nmodel: ^{ kind: mlp, hidden: 100000, depth: 3 }", "for 20,001,400,001 parameters", "REPRO_MAX_TRIAL_BYTES"),

        // Through a sweep, at the swept value that breaks the rule.
        new("name: t\nmetrics: [train_loss, dist_to_min_norm]\nsweep:\n  model: [linear, ^mlp]", "metric dist_to_min_norm needs a model with a coefficient vector w, which model mlp does not provide", "remove dist_to_min_norm"),
        new("name: t\ndata: { features: 20 }\nsweep:\n  data.target.nonzeros: [5, ^25]", "data.target.nonzeros = 25 exceeds data.features = 20", "use a value <= 20"),
        new("name: t\ndata: { features: 20, target: { nonzeros: 5 } }\nsweep:\n  data.features: [10, ^4]", "data.features = 4 is below data.target.nonzeros = 5", "use data.features >= 5"),
    ];

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Each_rule_is_reported_by_validate_at_the_offending_value(Case rule)
    {
        var (outcome, _, expected) = await Validate(rule.Yaml);
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.StartsWith($"{expected}: ", line);
        string problem = line[$"{expected}: ".Length..].Split("; ")[0];
        Assert.Contains(rule.Problem, problem);
        Assert.Contains(rule.Fix, line[($"{expected}: ".Length + problem.Length + 2)..]);
    }

    [Theory]
    [InlineData("name: t\ninit: zeros\noptimizer: { kind: mirror-descent, potential: lp, p: 1.5 }\n")]
    [InlineData("name: t\nmodel: mlp\noptimizer: { kind: adam, lr_scale: sharpness }\n")]
    public async Task A_need_that_comes_with_another_value_does_not_apply_to_this_one(string yaml)
    {
        using var dir = new TempDir();
        var outcome = await ReproCli.Run("validate", dir.File("spec.yaml", yaml));
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
    }

    [Fact]
    public async Task Two_broken_rules_in_one_spec_are_two_lines_at_once()
    {
        var (outcome, path, _) = await Validate("name: t\noptimizer: { kind: adam, beta2: ^1 }\nmodel: mlp\nmetrics: [train_loss, nuclear_norm]\n");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal([$"{path}:2:33", $"{path}:4:23"], outcome.ErrorLines.Select(l => string.Join(':', l.Split(':').Take(3))));
    }

    [Fact]
    public async Task A_range_error_and_a_rule_in_one_sweep_point_are_both_reported()
    {
        // The rule does not need the bad value, so it is checked all the same.
        var (outcome, path, _) = await Validate("name: t\ntrain: { steps: ^0 }\nmodel: mlp\noptimizer: exact-ridge\n");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(2, outcome.ErrorLines.Length);
        Assert.StartsWith($"{path}:2:17: train.steps must be >= 1", outcome.ErrorLines[0]);
        Assert.StartsWith($"{path}:4:12: optimizer exact-ridge needs the linear model", outcome.ErrorLines[1]);
    }

    [Fact]
    public async Task A_rule_on_a_bad_value_is_not_reported_twice()
    {
        var (outcome, _, expected) = await Validate("name: t\ndata: { features: 20, target: { nonzeros: ^abc } }\n");
        Assert.Equal($"{expected}: data.target.nonzeros must be a whole number, got 'abc'", Assert.Single(outcome.ErrorLines).Split("; ")[0]);
    }

    [Fact]
    public async Task An_override_that_breaks_a_default_points_at_the_override_and_names_the_default()
    {
        var (outcome, _, _) = await Validate("^name: t\ndata: { features: 20 }\n", "data.features=3");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("--set data.features=3:1:21: data.features = 3 is below data.target.nonzeros = 5 (the default); use data.features >= 5, or set data.target.nonzeros <= 3",
            Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public async Task An_override_tied_to_a_value_the_spec_writes_points_at_the_override()
    {
        var (outcome, _, _) = await Validate("^name: t\ndata: { features: 20, target: { nonzeros: 5 } }\n", "data.features=3");
        Assert.StartsWith("--set data.features=3:1:21: data.features = 3 is below data.target.nonzeros = 5; ", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public void The_memory_budget_comes_from_the_limits_and_says_how_to_raise_it()
    {
        var tree = YamlReader.Read("name: t\ndata: { n_train: 20, n_test: 500, features: 100 }\n", "test.yaml");
        // 520 points of 101 numbers, the truth and 6 copies of 100 parameters: 8 * (52,520 + 100 + 600) bytes.
        Assert.Single(SpecBinder.Bind(tree, "test.yaml", Registries.Catalog, new SpecLimits(100, 8 * 53_220)).Points);
        var e = Assert.Throws<SpecException>(() => SpecBinder.Bind(tree, "test.yaml", Registries.Catalog, new SpecLimits(100, 8 * 53_220 - 1)));
        var error = Assert.Single(e.Errors);
        Assert.Equal(new Mark("test.yaml", 2, 7), error.Where);
        Assert.Contains("one trial needs about 416 KiB (411 KiB of data, 4.7 KiB for 100 parameters", error.Problem);
        Assert.Contains("more than the budget of 416 KiB per trial", error.Problem);
        Assert.Equal($"use smaller sizes, or raise the budget with {SpecLimits.BytesVariable}=BYTES (now 425759)", error.Fix);
    }

    [Theory]
    [MemberData(nameof(BundledSpecs))]
    public async Task Every_bundled_spec_passes_every_rule(string name)
    {
        var outcome = await ReproCli.Run("validate", Repo.Spec(name));
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
    }

    public static TheoryData<string> BundledSpecs() =>
        new(Repo.SpecNames());

    [Fact]
    public void A_part_bound_alone_checks_its_own_rules_but_not_its_pairing()
    {
        // A factorized-matrix needs matrix data, but alone it has none to disagree with.
        Assert.Equal("factorized-matrix", SpecBinder.ParseComponent("model", "{ kind: factorized-matrix, rows: 3 }", "t.yaml", Registries.Catalog).Kind);
        var e = Assert.Throws<SpecException>(() => SpecBinder.ParseComponent("data", "{ kind: matrix-completion, rows: 6, cols: 2, rank: 3 }", "t.yaml", Registries.Catalog));
        Assert.Equal("t.yaml:1:58: data.rank = 3 exceeds data.cols = 2", Assert.Single(e.Errors).ToString().Split("; ")[0]);
    }
}
