using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Tests.Support;

namespace Repro.Tests.Claims;

/// <summary>
/// The claim forms beyond a plain bound (`at: first`, `metric: step`, quantiles, votes, `==` and tolerances),
/// each checked on hand-made results whose expected outcome follows from the numbers given.
/// </summary>
public class ClaimLanguageTests
{
    const string Spec = """
        name: claims
        seeds: [0, 1, 2, 3]
        metrics: [train_loss, test_loss]
        train: { steps: 30, log_every: 10 }
        sweep: { optimizer.lr: [0.1, 0.2, 0.3] }
        """;

    /// <summary>Each trial records train and test loss at steps 0, 10, 20, 30 from the functions given.</summary>
    static IReadOnlyList<ClaimOutcome> Check(string claims, Func<Trial, double[]> train, Func<Trial, double[]>? test = null)
    {
        var plan = Planner.Plan(Specs.Parse(Spec + "\nclaims:\n" + claims), 1);
        var results = plan.Trials.Select(t =>
        {
            var points = train(t).Select((v, i) => new MetricPoint(i * 10, "train_loss", v))
                .Concat((test ?? train)(t).Select((v, i) => new MetricPoint(i * 10, "test_loss", v)))
                .OrderBy(p => p.Step).ToList();
            return new TrialResult(t.Key, points, 30, null);
        }).ToList();
        return ClaimChecker.Check(plan, results);
    }

    static double Lr(Trial t) => t.Config.Optimizer.Double("lr");

    [Fact]
    public void At_first_takes_the_metric_at_the_first_step_where_the_condition_holds()
    {
        // Train loss 8, 4, 2, 1: first below 3 at step 20, where test loss is 20 + seed.
        var outcome = Assert.Single(Check("  - { id: c, where: { optimizer.lr: 0.1 }, metric: test_loss, at: first train_loss < 3, reduce: max, expect: \"< 100\" }",
            _ => [8, 4, 2, 1], t => [0, 10 + t.Seed, 20 + t.Seed, 30 + t.Seed]));
        Assert.Equal(23.0, outcome.Measured);
        Assert.Equal("first train_loss < 3", outcome.Claim.At.ToString());
    }

    [Fact]
    public void Metric_step_measures_when_the_condition_first_held_and_never_means_no_value()
    {
        // Seed s crosses below 3 at step 10·(s+1); seed 3 never does.
        double[] Path(Trial t) => [.. Enumerable.Range(0, 4).Select(i => i > t.Seed ? 1.0 : 8.0)];
        var outcomes = Check("""
              - { id: by-seed-2, where: { optimizer.lr: 0.1 }, metric: step, at: first train_loss < 3, reduce: any, expect: "<= 10" }
              - { id: all-seeds, where: { optimizer.lr: 0.1 }, metric: step, at: first train_loss < 3, reduce: max, expect: "<= 30" }
            """, Path);
        Assert.True(outcomes[0].Passed);
        Assert.Equal(10.0, outcomes[0].Measured); // the best trial: seed 0 at step 10
        Assert.False(outcomes[1].Passed); // seed 3 never got there, so there is no max
        Assert.True(double.IsNaN(outcomes[1].Measured));
    }

    [Theory]
    [InlineData("quantile 0", 0.0)]
    [InlineData("quantile 1", 3.0)]
    [InlineData("quantile 0.5", 1.5)]
    [InlineData("quantile 0.9", 2.7)] // NumPy: np.quantile([0, 1, 2, 3], 0.9) = 2.7
    public void Quantiles_interpolate_between_order_statistics_as_numpy_does(string reduce, double expected)
    {
        var outcome = Assert.Single(Check($"  - {{ id: c, where: {{ optimizer.lr: 0.2 }}, metric: train_loss, reduce: {reduce}, expect: \"< 100\" }}",
            t => [9, 9, 9, t.Seed]));
        Assert.Equal(expected, outcome.Measured, 12);
    }

    [Fact]
    public void All_needs_every_trial_and_shows_the_worst_while_any_needs_one_and_shows_the_best()
    {
        // Final train loss = seed: 0, 1, 2, 3 in each of the three sweep points (12 trials).
        var outcomes = Check("""
              - { id: all-below-2, metric: train_loss, reduce: all, expect: "< 2" }
              - { id: any-below-2, metric: train_loss, reduce: any, expect: "< 2" }
              - { id: all-below-5, metric: train_loss, reduce: all, expect: "< 5" }
            """, t => [9, 9, 9, t.Seed]);
        Assert.False(outcomes[0].Passed);
        Assert.Equal(6, outcomes[0].Holding); // seeds 0 and 1 of three points
        Assert.Equal(3.0, outcomes[0].Measured);
        Assert.True(outcomes[1].Passed);
        Assert.Equal(0.0, outcomes[1].Measured);
        Assert.True(outcomes[2].Passed);
        Assert.Equal(12, outcomes[2].Holding);
    }

    [Fact]
    public void Equality_holds_within_the_absolute_plus_relative_tolerance_of_the_bound()
    {
        // |value − 2| ≤ 0.01 + 0.1·2 = 0.21 holds for 2.2 but not for 2.25.
        var outcomes = Check("""
              - { id: near, where: { optimizer.lr: 0.1 }, metric: train_loss, expect: "== 2", tolerance: { abs: 0.01, rel: 0.1 } }
              - { id: far, where: { optimizer.lr: 0.2 }, metric: train_loss, expect: "== 2", tolerance: { abs: 0.01, rel: 0.1 } }
            """, t => [9, 9, 9, Lr(t) == 0.1 ? 2.2 - 0.1 * t.Seed : 2.25]);
        Assert.True(outcomes[0].Passed);
        Assert.Equal("all", outcomes[0].Claim.Reduce.ToString()); // `==` checks every trial by default
        Assert.Equal(2.2, outcomes[0].Measured, 12); // the trial furthest from 2
        Assert.False(outcomes[1].Passed);
        Assert.Equal("== 2 ± 0.21", outcomes[1].Bound);
    }

    [Fact]
    public void A_tolerance_widens_an_inequality_by_its_slack()
    {
        var outcomes = Check("""
              - { id: strict, metric: train_loss, expect: "< 1" }
              - { id: tolerant, metric: train_loss, expect: "< 1", tolerance: { rel: 0.05 } }
            """, _ => [9, 9, 9, 1.04]);
        Assert.False(outcomes[0].Passed);
        Assert.True(outcomes[1].Passed);
    }

    [Fact]
    public void A_trend_tolerates_steps_against_it_that_are_within_the_tolerance()
    {
        // Medians over seeds: 10, 9.9, 12 at lr 0.1, 0.2, 0.3: one small step down (1%).
        var outcomes = Check("""
              - { id: strict, metric: train_loss, monotone: increasing in optimizer.lr }
              - { id: tolerant, metric: train_loss, monotone: increasing in optimizer.lr, tolerance: { rel: 0.02 } }
              - { id: too-tight, metric: train_loss, monotone: increasing in optimizer.lr, tolerance: { rel: 0.005 } }
            """, t => [9, 9, 9, Lr(t) switch { 0.1 => 10, 0.2 => 9.9, _ => 12 }]);
        Assert.False(outcomes[0].Passed);
        Assert.True(outcomes[1].Passed);
        Assert.False(outcomes[2].Passed);
    }

    [Fact]
    public void Comparing_two_metrics_divides_them_per_trial_and_a_vote_compares_each_trial()
    {
        // test/train = 2 for seeds 0-2 and 0.5 for seed 3: `test_loss < train_loss` holds only for seed 3.
        var outcomes = Check("""
              - { id: any, where: { optimizer.lr: 0.3 }, metric: test_loss, reduce: any, expect: "< train_loss" }
              - { id: all, where: { optimizer.lr: 0.3 }, metric: test_loss, reduce: all, expect: "< train_loss" }
            """, _ => [4, 4, 4, 4], t => [9, 9, 9, t.Seed == 3 ? 2 : 8]);
        Assert.True(outcomes[0].Passed);
        Assert.Equal(0.5, outcomes[0].Measured);
        Assert.False(outcomes[1].Passed);
        Assert.Equal(1, outcomes[1].Holding);
    }
}
