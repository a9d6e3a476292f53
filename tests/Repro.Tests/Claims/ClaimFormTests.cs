using Repro.Core.Claims;
using Repro.Core.Claims.Reducers;
using Repro.Core.Spec.Forms;
using Repro.Core.Spec.Yaml;
using Repro.Tests.Support;

namespace Repro.Tests.Claims;

/// <summary>The claim forms come from their registries: what is registered loads, evaluates, and is named in errors and in the schema.</summary>
public class ClaimFormTests
{
    const string Spec = """
        name: forms
        seeds: [0, 1, 2]
        metrics: [train_loss]
        train: { steps: 20, log_every: 10 }
        sweep: { optimizer.lr: [0.1, 0.2] }
        """;

    // Final train loss per trial: lr 0.1 gives 1, 2, 4 over seeds 0, 1, 2; lr 0.2 gives 10, 20, 40.
    static double FinalLoss(Repro.Core.Plan.Trial t) => (t.Seed == 2 ? 4 : 1 + t.Seed) * (FakeResults.Number(t, "optimizer.lr") == 0.1 ? 1 : 10);

    static IReadOnlyList<ClaimOutcome> Check(string claims)
    {
        var (plan, results) = FakeResults.For(Spec + "\nclaims:\n" + claims, (t, _) => FinalLoss(t));
        return ClaimChecker.Check(plan, results);
    }

    /// <summary>The reference: √(Σ(x − x̄)² / (n − 1)), written out independently of the reducer.</summary>
    static double SampleStd(params double[] x)
    {
        double mean = x.Sum() / x.Length;
        return Math.Sqrt(x.Sum(v => Math.Pow(v - mean, 2)) / (x.Length - 1));
    }

    [Fact]
    public void Reduce_std_is_the_sample_standard_deviation_of_the_selected_trials()
    {
        var outcomes = Check("""
              - { id: spread, where: { optimizer.lr: 0.1 }, metric: train_loss, reduce: std, expect: "< 2" }
              - { id: all, metric: train_loss, reduce: std, expect: "> 100" }
            """);

        Assert.Equal(Math.Sqrt(7.0 / 3), SampleStd(1, 2, 4), 14);
        Assert.Equal(SampleStd(1, 2, 4), outcomes[0].Measured, 14);
        Assert.True(outcomes[0].Passed);
        Assert.Equal(SampleStd(1, 2, 4, 10, 20, 40), outcomes[1].Measured, 12);
        Assert.False(outcomes[1].Passed);
        Assert.Equal("std", outcomes[0].Claim.Reduce.ToString());
        Assert.Contains("(final, std over 3 trials) = ", outcomes[0].Describe());
    }

    [Fact]
    public void Reduce_std_over_a_single_trial_has_no_value_and_the_claim_fails()
    {
        var outcome = Assert.Single(Check("  - { id: one, where: { optimizer.lr: 0.1, seed: 0 }, metric: train_loss, reduce: std, expect: \"< 100\" }\n"));
        Assert.Equal(1, outcome.Trials);
        Assert.True(double.IsNaN(outcome.Measured));
        Assert.False(outcome.Passed);
    }

    [Fact]
    public void Reduce_std_is_a_statistic_so_a_trend_may_use_it()
    {
        // Spread grows tenfold with lr: std 1.53 at lr 0.1, 15.3 at lr 0.2.
        var outcome = Assert.Single(Check("  - { id: t, metric: train_loss, reduce: std, monotone: increasing in optimizer.lr }\n"));
        Assert.True(outcome.Passed);
        Assert.Equal([SampleStd(1, 2, 4), SampleStd(10, 20, 40)], outcome.Trend!.Select(p => p.Value), new Tolerant(1e-12));
    }

    [Theory]
    [InlineData("reduce: stdev", "unknown reduce 'stdev'", "did you mean 'std'?")]
    [InlineData("reduce: quantil 0.9", "unknown reduce 'quantil 0.9'", "did you mean 'quantile 0.9'?")]
    [InlineData("reduce: meen", "unknown reduce 'meen'", "allowed: max, min, mean, median, quantile Q, std, all, any, at-least K [of N] (did you mean 'mean'?)")]
    [InlineData("reduce: max 3", "reduce max takes nothing after its name, got 'max 3'", "write `reduce: max`")]
    [InlineData("at: fist train_loss < 1", "unknown at 'fist train_loss < 1'", "did you mean 'first train_loss < 1'?")]
    [InlineData("at: step ten", "at 'step ten' needs a step number", "at: step 100")]
    [InlineData("at: first train_loss", "does not read `first METRIC OP NUMBER`", "at: first train_accuracy >= 0.99")]
    public void A_misspelled_form_names_the_registered_ones(string key, string problem, string fix)
    {
        var error = Specs.SingleError(Spec + "\nclaims:\n  - { id: c, metric: train_loss, " + key + ", expect: \"< 1\" }\n");
        Assert.Contains(problem, error.Problem);
        Assert.Contains(fix, error.Fix);
        Assert.Equal(7, error.Where.Line);
    }

    [Fact]
    public void A_misspelled_trend_direction_suggests_the_registered_one()
    {
        var error = Specs.SingleError(Spec + "\nclaims:\n  - { id: c, metric: train_loss, monotone: increasng in optimizer.lr }\n");
        Assert.Contains("unknown monotone direction 'increasng'", error.Problem);
        Assert.Contains("did you mean 'increasing in optimizer.lr'?", error.Fix);
    }

    [Fact]
    public void A_vote_in_a_trend_is_refused_with_the_registered_statistics()
    {
        var error = Specs.SingleError(Spec + "\nclaims:\n  - { id: c, metric: train_loss, reduce: any, monotone: increasing in optimizer.lr }\n");
        Assert.Contains("cannot use reduce any", error.Problem);
        Assert.Equal("use a statistic: max, min, mean, median, quantile Q, std", error.Fix);
    }

    [Fact]
    public void A_registry_refuses_a_form_registered_twice()
    {
        var forms = new FormRegistry<Reducer>("reduce") { new Max() };
        var e = Assert.Throws<InvalidOperationException>(() => forms.Add(new Max()));
        Assert.Contains("'max' is registered twice", e.Message);
    }

    [Fact]
    public void Alternation_puts_a_longer_operator_before_its_prefix()
    {
        // `<` first would take "<=" apart in `first train_loss <=1e-3`.
        Assert.Equal("(<=|>=|==|<|>)", ClaimForms.Expect.Alternation());
        var claim = Specs.Parse(Spec + "\nclaims:\n  - { id: c, metric: step, at: first train_loss <=1e-3, expect: \"< 20\" }\n").Claims[0];
        Assert.Equal("first train_loss <= 0.001", claim.At.ToString());
    }

    static List<string> Validate(string claim) => SchemaCheck.Errors("name: a\nclaims:\n  - " + claim + "\n");

    [Theory]
    [InlineData("{ id: c, metric: train_loss, reduce: std, expect: \"< 1\" }", true)]
    [InlineData("{ id: c, metric: train_loss, reduce: quantile 0.9, at: step 10, expect: \"<= 1\" }", true)]
    [InlineData("{ id: c, metric: step, at: first train_loss < 0.1, expect: \"< 1\" }", true)]
    [InlineData("{ id: c, metric: train_loss, monotone: decreasing in optimizer.lr }", true)]
    [InlineData("{ id: c, metric: train_loss, reduce: stdev, expect: \"< 1\" }", false)]
    [InlineData("{ id: c, metric: train_loss, at: last, expect: \"< 1\" }", false)]
    [InlineData("{ id: c, metric: train_loss, expect: \"~ 1\" }", false)]
    [InlineData("{ id: c, metric: train_loss, monotone: rising in optimizer.lr }", false)]
    [InlineData("{ id: c, metric: train_loss, compare: { model.depth: [3, 2] }, as: ratio, expect: \"< 0.5\" }", true)]
    [InlineData("{ id: c, metric: train_loss, compare: { step: [20, 10] }, as: difference, expect: \"< 0\" }", true)]
    [InlineData("{ id: c, metric: test_loss, scaling: exponent in data.n_train, expect: \"< 0\" }", true)]
    [InlineData("{ id: c, metric: test_loss, scaling: prefactor -0.5 in data.n_train, expect: \"< 0.1\" }", true)]
    [InlineData("{ id: c, metric: step, at: longest train_loss > 1, expect: \"> 10\" }", true)]
    [InlineData("{ id: c, metric: train_loss, compare: { model.depth: [3] }, as: ratio, expect: \"< 1\" }", false)]
    [InlineData("{ id: c, metric: train_loss, compare: { model.depth: [3, 2], init.value: [1, 2] }, as: ratio, expect: \"< 1\" }", false)]
    [InlineData("{ id: c, metric: train_loss, compare: { step: [20, 10] }, as: quotient, expect: \"< 1\" }", false)]
    [InlineData("{ id: c, metric: test_loss, scaling: slope in data.n_train, expect: \"< 0\" }", false)]
    public void The_schema_accepts_the_registered_forms_and_nothing_else(string claim, bool valid)
    {
        var errors = Validate(claim);
        Assert.True(valid == (errors.Count == 0), string.Join("; ", errors));
    }

    sealed class Tolerant(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
