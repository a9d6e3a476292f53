using Repro.Core.Spec;
using Repro.Tests.Support;

namespace Repro.Tests.Spec;

/// <summary>Bad claims are rejected at load time, at the offending YAML node, with the fix in the message.</summary>
public class ClaimErrorTests
{
    // Specs.Tiny is 8 lines, the sweep line 9, "claims:" line 10 and the claim itself line 11 (Tiny has no final newline).
    static SpecError ErrorIn(string claim) => Specs.SingleError(Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02] }\nclaims:\n  - " + claim + "\n");

    [Fact]
    public void Equality_without_a_tolerance_points_at_the_expectation()
    {
        var error = ErrorIn("{ id: c, metric: train_loss, expect: \"== 1\" }");
        Assert.Equal(new Mark("test.yaml", 11, 42), error.Where);
        Assert.Contains("needs a tolerance", error.Problem);
        Assert.Contains("tolerance: { rel: 1e-3 }", error.Fix);
    }

    [Theory]
    [InlineData("{ id: c, metric: train_loss, expect: \"< 1\", tolerance: { abs: -1 } }", "tolerance abs must be a number >= 0, got '-1'")]
    [InlineData("{ id: c, metric: train_loss, expect: \"< 1\", tolerance: { relative: 0.1 } }", "unknown key 'relative'")]
    [InlineData("{ id: c, metric: train_loss, expect: \"< 1\", reduce: quantile 1.5 }", "quantile 1.5 is not a number between 0 and 1")]
    [InlineData("{ id: c, metric: train_loss, expect: \"< 1\", reduce: p90 }", "unknown reduce 'p90'")]
    [InlineData("{ id: c, metric: train_loss, expect: \"< 1\", reduce: sdt }", "unknown reduce 'sdt'")]
    [InlineData("{ id: c, metric: train_loss, expect: \"< 1\", at: step 7 }", "step 7 is not a recorded step (train.steps = 400, log_every = 50)")]
    [InlineData("{ id: c, metric: train_loss, monotone: increasing in optimizer.lr, reduce: all }", "cannot use reduce all")]
    [InlineData("{ id: c, metric: step, expect: \"< 100\" }", "needs `at: first METRIC OP NUMBER` or `at: last METRIC OP NUMBER`")]
    [InlineData("{ id: c, metric: step, at: first test_loss < 1, expect: \"< 100\" }", "does not record")]
    [InlineData("{ id: c, metric: step, at: first train_loss < small, expect: \"< 100\" }", "'small', which is not a number")]
    [InlineData("{ id: c, metric: train_loss, at: when train_loss < 1, expect: \"< 100\" }", "unknown at 'when train_loss < 1'")]
    public void Malformed_claim_forms_are_rejected_with_a_fix(string claim, string problem)
    {
        var error = ErrorIn(claim);
        Assert.Contains(problem, error.Problem);
        Assert.Equal(11, error.Where.Line);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
    }

    // Issue 15's fix: `at: step N` is checked against the trials the claim's `where:` selects, not every trial.
    const string TwoLengths = Specs.Tiny + "\nsweep: { train.steps: [100, 200] }\nclaims:\n  - ";

    [Theory]
    [InlineData("{ id: c, where: { train.steps: 200 }, metric: train_loss, at: step 200, expect: \"< 1\" }")]
    [InlineData("{ id: c, where: { train.steps: 200 }, metric: train_loss, expect: \"< 2 * train_loss at step 150\" }")]
    public void A_step_only_the_selected_trials_reach_is_accepted(string claim) =>
        Assert.Single(Specs.Parse(TwoLengths + claim + "\n").Claims);

    [Theory]
    [InlineData("{ id: c, metric: train_loss, at: step 200, expect: \"< 1\" }")]
    [InlineData("{ id: c, where: { train.steps: 100 }, metric: train_loss, at: step 200, expect: \"< 1\" }")]
    [InlineData("{ id: c, where: { seed: 0 }, metric: train_loss, expect: \"< 2 * train_loss at step 150\" }")]
    public void A_step_a_selected_trial_does_not_reach_is_rejected(string claim)
    {
        var error = Specs.SingleError(TwoLengths + claim + "\n");
        Assert.Contains("is not a recorded step (train.steps = 100, log_every = 50)", error.Problem);
    }

    [Fact]
    public void An_unknown_reduce_lists_every_registered_form_and_the_nearest()
    {
        var error = ErrorIn("{ id: c, metric: train_loss, expect: \"< 1\", reduce: sdt }");
        Assert.Equal(new Mark("test.yaml", 11, 57), error.Where);
        Assert.Equal("allowed: max, min, mean, median, quantile Q, std, all, any, at-least K [of N] (did you mean 'std'?)", error.Fix);
    }

    [Fact]
    public void Every_claim_form_loads_and_keeps_its_canonical_text()
    {
        var spec = Specs.Parse(Specs.Tiny + """

            sweep: { optimizer.lr: [0.01, 0.02] }
            claims:
              - { id: a, metric: step, at: first train_loss <= 1e-3, reduce: quantile 0.75, expect: "< 300" }
              - { id: b, metric: dist_to_min_norm, expect: "== 0", tolerance: { abs: 1e-9 } }
              - { id: c, metric: train_loss, reduce: any, expect: "< 0.5 * train_loss at step 0" }
              - { id: d, metric: train_loss, monotone: decreasing in optimizer.lr, tolerance: { rel: 0.01 } }
              - { id: e, metric: train_loss, at: step 100, reduce: std, expect: "< 0.5" }
            """);
        Assert.Equal(["first train_loss <= 0.001", "final", "final", "final", "step 100"], spec.Claims.Select(c => c.At.ToString()));
        Assert.Equal(["quantile 0.75", "all", "any", "median", "std"], spec.Claims.Select(c => c.Reduce.ToString()));
        Assert.Equal(new Tolerance(1e-9, 0), spec.Claims[1].Tolerance);
        Assert.Equal(new Tolerance(0, 0.01), spec.Claims[3].Tolerance);
    }
}
