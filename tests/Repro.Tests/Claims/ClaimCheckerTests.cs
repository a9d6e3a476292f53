using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Tests.Support;

namespace Repro.Tests.Claims;

/// <summary>Claims evaluated on hand-made results, so every expected value is known without training.</summary>
public class ClaimCheckerTests
{
    const string Spec = """
        name: claims
        seeds: [0, 1, 2]
        metrics: [train_loss]
        train: { steps: 20, log_every: 10 }
        sweep: { optimizer.lr: [0.1, 0.2] }
        """;

    static (TrialPlan Plan, List<TrialResult> Results) Given(string claims, Func<Trial, double[]> lossAtSteps0_10_20, Func<Trial, long?>? diverged = null)
    {
        var plan = Planner.Plan(Specs.Parse(Spec + "\nclaims:\n" + claims), 1);
        var results = plan.Trials.Select(t =>
        {
            var values = lossAtSteps0_10_20(t);
            var points = values.Select((v, i) => new MetricPoint(i * 10, "train_loss", v)).ToList();
            return new TrialResult(t.Key, points, 20, diverged?.Invoke(t));
        }).ToList();
        return (plan, results);
    }

    static double Lr(Trial t) => t.Config.Optimizer.Double("lr");

    [Fact]
    public void A_claim_filters_by_sweep_value_and_reduces_over_seeds()
    {
        var (plan, results) = Given("  - { id: c, where: { optimizer.lr: 0.2 }, metric: train_loss, reduce: max, expect: \"< 5\" }",
            t => [10, 5, Lr(t) * 10 + t.Seed]);
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        Assert.Equal(3, outcome.Trials);
        Assert.Equal(4.0, outcome.Measured); // 0.2 * 10 + seed 2
        Assert.True(outcome.Passed);
    }

    [Theory]
    [InlineData("final", "max", 3.1)]
    [InlineData("step 10", "min", 5.0)]
    [InlineData("min", "median", 2.1)]
    [InlineData("max", "mean", 10.0)]
    public void At_and_reduce_pick_the_value_described(string at, string reduce, double expected)
    {
        var (plan, results) = Given($"  - {{ id: c, where: {{ optimizer.lr: 0.1 }}, metric: train_loss, at: {at}, reduce: {reduce}, expect: \"< 100\" }}",
            t => [10, 5 + t.Seed, 1 + t.Seed + Lr(t)]);
        // lr 0.1: step-20 values 1.1, 2.1, 3.1; step-10 values 5, 6, 7; max along each path is 10.
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        Assert.Equal(expected, outcome.Measured, 12);
    }

    [Fact]
    public void The_default_reduction_is_the_hardest_to_satisfy()
    {
        var (plan, results) = Given("""
              - { id: upper, metric: train_loss, expect: "< 100" }
              - { id: lower, metric: train_loss, expect: "> 0" }
            """, t => [10, 5, 1 + t.Seed]);
        var outcomes = ClaimChecker.Check(plan, results);
        Assert.Equal(3.0, outcomes[0].Measured); // max for an upper bound
        Assert.Equal(1.0, outcomes[1].Measured); // min for a lower bound
    }

    [Fact]
    public void A_claim_over_a_diverged_trial_fails_and_counts_it()
    {
        var (plan, results) = Given("  - { id: c, metric: train_loss, expect: \"< 100\" }",
            t => [10, 5, 1], t => t.Seed == 1 && Lr(t) == 0.2 ? 10 : null);
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        Assert.False(outcome.Passed);
        Assert.True(double.IsNaN(outcome.Measured));
        Assert.Equal(1, outcome.DivergedTrials);
    }

    [Fact]
    public void A_bound_that_is_just_missed_fails()
    {
        var (plan, results) = Given("  - { id: c, metric: train_loss, expect: \"< 1\" }", _ => [10, 5, 1]);
        Assert.False(Assert.Single(ClaimChecker.Check(plan, results)).Passed);
    }

    [Fact]
    public void A_ratio_claim_divides_by_the_other_metric_on_the_same_trial()
    {
        var (plan, results) = Given("  - { id: c, metric: train_loss, expect: \"< 0.5 * train_loss at step 0\" }",
            t => [10 * (1 + t.Seed), 5, 1 + t.Seed]);
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        Assert.Equal(0.1, outcome.Measured, 12); // (1 + seed) / (10 (1 + seed)) for every trial
        Assert.True(outcome.Passed);
    }

    [Fact]
    public void A_trend_claim_orders_the_sweep_values_numerically_and_counts_steps_against_the_trend()
    {
        var (plan, results) = Given("  - { id: up, metric: train_loss, monotone: increasing in optimizer.lr }\n  - { id: down, metric: train_loss, monotone: decreasing in optimizer.lr }",
            t => [10, 5, Lr(t) * 100 + t.Seed]);
        var outcomes = ClaimChecker.Check(plan, results);
        Assert.True(outcomes[0].Passed);
        Assert.Equal([(0.1, 11.0), (0.2, 21.0)], outcomes[0].Trend!); // medians over seeds 0, 1, 2
        Assert.False(outcomes[1].Passed);
        Assert.Equal(1, outcomes[1].Measured);
    }
}
