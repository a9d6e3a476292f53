using Repro.Core.Derived;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine.Registry;
using Repro.Tests.Support;

namespace Repro.Tests.Derived;

/// <summary>
/// `derived:` at bind time: each error at the file, line and column of the problem inside the YAML string (plain,
/// double-quoted with escapes, single-quoted), with a fix; and the canonical form, which holds derived metrics only
/// when a spec has them.
/// </summary>
public class DerivedBindingTests
{
    const string Base = Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02] }\n";

    static string With(string derived, string extra = "") => Base + "derived:\n" + derived + "\n" + extra;

    /// <summary>Where <paramref name="token"/> is written on the first line holding <paramref name="line"/>: the position an error must name.</summary>
    static Mark At(string yaml, string line, string token)
    {
        var lines = yaml.Split('\n');
        int index = Array.FindIndex(lines, l => l.Contains(line, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no line holds {line}");
        int column = lines[index].IndexOf(token, lines[index].IndexOf(line, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(column >= 0, $"'{token}' is not on line {index + 1}");
        return new Mark("test.yaml", index + 1, column + 1);
    }

    static void AssertError(string yaml, string line, string token, string problem, string fix)
    {
        var error = Specs.SingleError(yaml);
        Assert.Equal(At(yaml, line, token), error.Where);
        Assert.Equal(problem, error.Problem);
        Assert.Contains(fix, error.Fix);
    }

    [Theory]
    [InlineData("  gap: \"dist_to_min_norm - train_los\"", "train_los", "derived metric 'gap': unknown name 'train_los'", "did you mean 'train_loss'?")]
    [InlineData("  gap: train_loss + 2 * tset_loss", "tset_loss", "derived metric 'gap': unknown name 'tset_loss'", "names: step, seed, train_loss, dist_to_min_norm, gap")]
    [InlineData("  gap: \"\\u0028\\ttrain_lss)\"", "train_lss", "derived metric 'gap': unknown name 'train_lss'", "did you mean 'train_loss'?")]
    [InlineData("  gap: 'train_loss + ''a'' + 1'", "''a", "derived metric 'gap': expected a number, a name, a function call or '(', got '''", "expressions use numbers")]
    [InlineData("  gap: \"log(train_loss) * lgo(2)\"", "lgo", "derived metric 'gap': unknown function 'lgo'", "did you mean 'log'?")]
    [InlineData("  gap: \"train_loss - max(train_loss)\"", "max", "derived metric 'gap': max takes 2 or more arguments, got 1", "write `max(a, b, …)`")]
    [InlineData("  gap: \"2 * (train_loss + 1\"", "(", "derived metric 'gap': this '(' is not closed", "add the ')'")]
    [InlineData("  gap: \"train_loss < 1e-6\"", "<", "derived metric 'gap': comparisons are not part of expressions, got '<'", "claim's `expect:`")]
    [InlineData("  gap: \"weight_norm / 2\"", "weight_norm", "derived metric 'gap': metric 'weight_norm' is not recorded by this spec", "add weight_norm to `metrics:`")]
    [InlineData("  gap: \"train_loss * optimizer.kind\"", "optimizer.kind", "derived metric 'gap': config path 'optimizer.kind' is not numeric (it is gd)", "numeric config path")]
    [InlineData("  gap: \"train_loss * optimizer\"", "optimizer", "derived metric 'gap': 'optimizer' holds several values, not a number", "name one of its numbers: optimizer.lr")]
    [InlineData("  gap: \"train_loss * model.bias\"", "model.bias", "derived metric 'gap': config path 'model.bias' is not numeric (it is false)", "numeric config path")]
    [InlineData("  gap: \"data.featurs * 2\"", "data.featurs", "derived metric 'gap': unknown name 'data.featurs'", "did you mean 'data.features'?")]
    [InlineData("  gap: \"ref.min_l2_interpolant.residual\"", "ref.", "derived metric 'gap': 'ref.min_l2_interpolant.residual' is not a reference scalar of this spec", "reference scalars: ref.min_l2_interpolant.primal_residual")]
    [InlineData("  gap: \"gap + 1\"", "gap +", "derived metric 'gap' uses itself", "do not use it")]
    public void An_error_inside_an_expression_is_at_its_column(string derived, string token, string problem, string fix) =>
        AssertError(With(derived), derived, token, problem, fix);

    [Fact]
    public void A_config_path_only_some_trials_have_is_refused_where_it_is_written()
    {
        string yaml = Specs.Tiny.Replace("init: zeros\n", "") + "\nsweep: { init: [zeros, { kind: normal, scale: 0.5 }] }\nderived:\n  scaled: \"train_loss * init.scale\"\n";
        AssertError(yaml, "scaled:", "init.scale", "derived metric 'scaled': config path 'init.scale' is not set in every trial", "name a path every trial has");
    }

    [Theory]
    [InlineData("  train_loss: \"2 * dist_to_min_norm\"", "derived metric 'train_loss' has the name of a metric this spec records")]
    [InlineData("  test_loss: \"2 * train_loss\"", "derived metric 'test_loss' has the name of a metric the engine computes")]
    [InlineData("  step: \"2 * train_loss\"", "derived metric name 'step' is reserved (it is the trial's step)")]
    [InlineData("  log: \"2 * train_loss\"", "derived metric name 'log' is reserved (it is a function)")]
    [InlineData("  Gap-1: \"2 * train_loss\"", "derived metric name 'Gap-1' is not a name")]
    public void A_derived_name_must_be_new_and_a_name_and_is_refused_at_its_key(string derived, string problem)
    {
        var error = Specs.SingleError(With(derived));
        Assert.Equal(At(With(derived), derived, derived.Trim()[..1]), error.Where);
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void Derived_metrics_may_use_each_other_in_any_order_but_not_in_a_cycle()
    {
        var spec = Specs.Parse(With("  doubled: \"2 * gap\"\n  gap: \"dist_to_min_norm - train_loss\""));
        Assert.Equal(["doubled", "gap"], spec.Derived.Select(d => d.Name));
        Assert.Equal(["train_loss", "dist_to_min_norm", "doubled", "gap"], spec.Published);

        string cycle = With("  a: \"b + train_loss\"\n  b: \"2 * c\"\n  c: \"a - 1\"");
        AssertError(cycle, "  c:", "a -", "derived metrics use each other in a cycle: a → b → c → a", "do not use it");
    }

    [Fact]
    public void A_stopping_rule_cannot_read_a_derived_metric()
    {
        string yaml = With("  gap: \"train_loss * 2\"").Replace("train: { steps: 400, log_every: 50 }", "train: { steps: 400, log_every: 50, until: \"gap < 1e-3\" }");
        var error = Specs.SingleError(yaml);
        Assert.Equal("train.until reads 'gap', a derived metric, but derived metrics are computed after training", error.Problem);
    }

    [Theory]
    [InlineData("derived: [gap]", "derived must be a mapping of new metric names to expressions")]
    [InlineData("derived:\n  gap: { a: 1 }", "derived metric 'gap' must be an expression, got a mapping")]
    [InlineData("derived:\n  gap:", "derived metric 'gap' must be an expression, got nothing")]
    [InlineData("derived:\n  gap: \"\"", "derived metric 'gap': the expression is empty")]
    public void A_derived_block_of_the_wrong_shape_is_one_error(string block, string problem) =>
        Assert.Equal(problem, Specs.SingleError(Base + block + "\n").Problem);

    [Fact]
    public void A_spec_derives_at_most_a_bounded_number_of_metrics_with_names_as_long_as_ids()
    {
        string many = string.Join("\n", Enumerable.Range(0, 257).Select(i => $"  m{i}: train_loss"));
        Assert.Equal("derived declares 257 metrics, more than 256", Specs.SingleError(With(many)).Problem);
        Assert.Equal($"derived metric name '{new string('a', 65)}' is not a name", Specs.SingleError(With($"  {new string('a', 65)}: train_loss")).Problem);
        Specs.Parse(With($"  {new string('a', 64)}: train_loss"));
    }

    [Fact]
    public void Every_error_of_every_derived_metric_is_reported_at_once()
    {
        var e = Assert.Throws<SpecException>(() => Specs.Parse(With("  a: \"train_los\"\n  b: \"lg(1)\"\n  c: \"(\"\n  d: \"optimizer.kind\"")));
        Assert.Equal(4, e.Errors.Count);
    }

    [Fact]
    public void Claims_and_figures_name_derived_metrics_as_they_name_recorded_ones()
    {
        var spec = Specs.Parse(With("  gap: \"dist_to_min_norm - train_loss\"", """
            claims:
              - { id: final, metric: gap, expect: "< 1" }
              - { id: when, metric: step, at: first gap < 0.5, expect: "<= 400" }
              - { id: ratio, metric: train_loss, expect: "< 2 * gap at step 0" }
              - { id: trend, metric: gap, monotone: decreasing in optimizer.lr }
            figures:
              - { id: gap, y: [gap, train_loss], scale: { y: log } }
              - { id: against, kind: scatter, x: gap, y: dist_to_min_norm }
            """));
        Assert.Equal(4, spec.Claims.Count);
        Assert.Equal(2, spec.Figures.Count);
    }

    [Fact]
    public void A_spec_without_derived_metrics_keeps_its_canonical_form_and_hash()
    {
        Assert.False(Specs.Parse(Base).ToCanonical().ContainsKey("derived"));
        // Every bundled spec hashes as its published results say it did before derived metrics existed.
        foreach (string name in Published.Names())
        {
            var spec = SpecBinder.Load(Repo.Spec(name), Registries.Catalog);
            var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repo.Path("results", name, "manifest.json")))!;
            Assert.True((string)manifest["spec_hash"]! == spec.Hash, $"{name}: the spec hash moved");
        }
    }

    [Fact]
    public void Derived_metrics_enter_the_spec_hash_by_meaning_and_order_but_no_trial_key()
    {
        string Hash(string derived) => Specs.Parse(With(derived)).Hash;
        var canonical = Specs.Parse(With("  gap: \"(dist_to_min_norm)-train_loss*2\"")).ToCanonical()["derived"]!.ToJsonString();
        Assert.Equal("""[{"expression":"dist_to_min_norm - train_loss * 2","name":"gap"}]""", canonical);

        Assert.Equal(Hash("  gap: dist_to_min_norm-train_loss"), Hash("  gap: \"  (dist_to_min_norm) - train_loss \""));
        Assert.NotEqual(Hash("  gap: \"train_loss + (dist_to_min_norm + 1)\""), Hash("  gap: \"train_loss + dist_to_min_norm + 1\""));
        Assert.NotEqual(Hash("  a: train_loss\n  b: step"), Hash("  b: step\n  a: train_loss"));
        Assert.NotEqual(Specs.Parse(Base).Hash, Hash("  gap: train_loss"));

        var keys = Planner.Plan(Specs.Parse(Base), 1).Trials.Select(t => t.Key);
        Assert.Equal(keys, Planner.Plan(Specs.Parse(With("  gap: \"train_loss * optimizer.lr\"")), 1).Trials.Select(t => t.Key));
    }

    [Fact]
    public void A_name_is_resolved_to_what_it_reads()
    {
        var gap = Assert.Single(Specs.Parse(With("  gap: \"train_loss + step * optimizer.lr + seed + ref.min_l2_interpolant.primal_residual\"")).Derived);
        Assert.Equal(new Dictionary<string, Source>
        {
            ["train_loss"] = Source.Metric, ["step"] = Source.Step, ["optimizer.lr"] = Source.Config, ["seed"] = Source.Seed,
            ["ref.min_l2_interpolant.primal_residual"] = Source.Reference,
        }, gap.Reads);
    }
}
