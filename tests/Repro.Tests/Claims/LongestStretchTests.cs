using Repro.Cli.Verification;
using Repro.Core.Claims;
using Repro.Core.Results;
using Repro.Tests.Support;

namespace Repro.Tests.Claims;

/// <summary>
/// `at: longest METRIC OP NUMBER` with `metric: step` (issue 15's window lengths), and what `at: first` says about
/// whether a condition ever holds, on one trial whose recorded train_loss is given at every 50 of 400 steps.
/// </summary>
public class LongestStretchTests
{
    static readonly long[] Steps = [0, 50, 100, 150, 200, 250, 300, 350, 400];

    // Above 1 at 50–100 (a stretch of 50 steps) and at 200–350 (150 steps); only 350 is above 1.45.
    static readonly double[] Loss = [0.5, 1.2, 1.3, 0.9, 1.1, 1.2, 1.4, 1.5, 0.8];

    static ClaimOutcome Check(string at, string expect, string metric = "step")
    {
        var plan = Repro.Core.Plan.Planner.Plan(Specs.Parse(Specs.Tiny.Replace("seeds: [0, 1]", "seeds: [0]", StringComparison.Ordinal)
            + $"\nclaims:\n  - {{ id: c, metric: {metric}, at: {at}, expect: \"{expect}\" }}\n"), 1);
        var trial = Assert.Single(plan.Trials);
        var result = new TrialResult(trial.Key, [.. Steps.Select((s, i) => new MetricPoint(s, "train_loss", Loss[i]))], 400, null);
        return Assert.Single(ClaimChecker.Check(plan, [result]));
    }

    /// <summary>The reference by brute force: the widest pair of recorded steps with the condition holding at every record between them.</summary>
    static double Widest(Func<double, bool> holds)
    {
        double widest = double.NaN;
        for (int i = 0; i < Steps.Length; i++)
            for (int j = i; j < Steps.Length && Enumerable.Range(i, j - i + 1).All(k => holds(Loss[k])); j++)
                widest = double.IsNaN(widest) ? Steps[j] - Steps[i] : Math.Max(widest, Steps[j] - Steps[i]);
        return widest;
    }

    [Fact]
    public void Longest_measures_the_steps_spanned_by_the_longest_stretch_where_the_condition_holds()
    {
        var outcome = Check("longest train_loss > 1", ">= 150");
        Assert.Equal(Widest(v => v > 1), outcome.Measured);
        Assert.Equal(150, outcome.Measured);
        Assert.True(outcome.Passed);
        Assert.Equal("longest train_loss > 1", outcome.Claim.At.ToString());
        Assert.Equal("150 steps", VerifyTable.Measured(outcome));

        Assert.False(Check("longest train_loss > 1", ">= 200").Passed);
    }

    [Fact]
    public void A_condition_that_holds_at_one_record_spans_0_steps_and_one_that_never_holds_has_no_value()
    {
        Assert.Equal(Widest(v => v > 1.45), Check("longest train_loss > 1.45", "< 50").Measured);
        Assert.Equal(0, Check("longest train_loss > 1.45", "< 50").Measured);
        Assert.True(Check("longest train_loss > 1.45", "< 50").Passed);

        var never = Check("longest train_loss > 5", "< 50");
        Assert.True(double.IsNaN(never.Measured));
        Assert.False(never.Passed);
    }

    [Fact]
    public void First_with_a_bound_every_step_meets_claims_only_that_the_condition_is_reached()
    {
        Assert.True(Check("first train_loss > 1.45", ">= 0").Passed);
        Assert.Equal(350, Check("first train_loss > 1.45", ">= 0").Measured);
        Assert.False(Check("first train_loss > 5", ">= 0").Passed); // never reached: no step, so no value
    }

    [Theory]
    [InlineData("train_loss", "longest train_loss > 1", "at longest ... measures how many steps a condition held, not a value of train_loss", "write `metric: step`")]
    [InlineData("step", "longest test_loss > 1", "at: longest ... looks at 'test_loss', which this spec does not record", "recorded metrics")]
    [InlineData("step", "longest train_loss", "at 'longest train_loss' does not read `longest METRIC OP NUMBER`", "at: longest sharpness_ratio > 0.95")]
    public void A_longest_stretch_that_cannot_be_measured_is_refused_at_its_value(string metric, string at, string problem, string fix)
    {
        string claim = $"{{ id: c, metric: {metric}, at: {at}, expect: \"< 100\" }}";
        var error = Specs.SingleError(Specs.Tiny + "\nclaims:\n  - " + claim + "\n");
        Assert.Equal(problem, error.Problem);
        Assert.Contains(fix, error.Fix);
        Assert.Equal(new Core.Spec.Mark("test.yaml", 10, 5 + claim.IndexOf("longest", StringComparison.Ordinal)), error.Where);
    }

    [Fact]
    public void Metric_step_names_longest_among_the_positions_it_needs()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nclaims:\n  - { id: c, metric: step, at: max, expect: \"< 100\" }\n");
        Assert.Contains("`at: longest METRIC OP NUMBER`", error.Problem);
    }
}
