using Repro.Core.Claims;
using Repro.Core.Results;
using Repro.Tests.Support;

namespace Repro.Tests.Claims;

/// <summary>
/// `at: mean A..B`, `at: min A..B`, `at: max A..B` and `at: last …` (issue 15's windows and last-step forms), on a path
/// whose every recorded value is known: train_loss at step s is 1 / (1 + s/50), recorded every 50 of 400 steps.
/// </summary>
public class WindowPositionTests
{
    static readonly long[] Steps = [0, 50, 100, 150, 200, 250, 300, 350, 400];

    static double Loss(long step) => 1.0 / (1 + step / 50.0);

    static ClaimOutcome Check(string at, string metric = "train_loss", string expect = "< 100")
    {
        var plan = Repro.Core.Plan.Planner.Plan(Specs.Parse(Specs.Tiny.Replace("seeds: [0, 1]", "seeds: [0]", StringComparison.Ordinal)
            + $"\nclaims:\n  - {{ id: c, metric: {metric}, at: {at}, expect: \"{expect}\" }}\n"), 1);
        var trial = Assert.Single(plan.Trials);
        var result = new TrialResult(trial.Key, [.. Steps.Select(s => new MetricPoint(s, "train_loss", Loss(s)))], 400, null);
        return Assert.Single(ClaimChecker.Check(plan, [result]));
    }

    [Theory]
    [InlineData("mean 100..300")]
    [InlineData("mean 0..400")]
    [InlineData("mean 200..200")]
    public void A_window_mean_averages_the_values_recorded_within_it(string at)
    {
        var bounds = at["mean ".Length..].Split("..").Select(long.Parse).ToArray();
        double expected = Steps.Where(s => s >= bounds[0] && s <= bounds[1]).Average(Loss);
        Assert.Equal(expected, Check(at).Measured, 14);
        Assert.Equal(at, Check(at).Claim.At.ToString());
    }

    [Fact]
    public void Min_and_max_read_within_a_window_and_along_the_whole_path_without_one()
    {
        Assert.Equal(Loss(300), Check("min 100..300").Measured);
        Assert.Equal(Loss(100), Check("max 100..300").Measured);
        Assert.Equal(Loss(400), Check("min").Measured);
        Assert.Equal(Loss(0), Check("max").Measured);
    }

    [Fact]
    public void Last_finds_the_last_recorded_step_where_the_condition_holds()
    {
        // Above 0.3 until 1 / (1 + s/50) <= 0.3, i.e. s >= 116.7: the last recorded step above it is 100.
        Assert.Equal(100, Check("last train_loss > 0.3", metric: "step").Measured);
        Assert.Equal(Loss(100), Check("last train_loss > 0.3").Measured);
        Assert.True(double.IsNaN(Check("last train_loss > 5", metric: "step").Measured));
        Assert.False(Check("last train_loss > 5", metric: "step").Passed);
    }

    [Theory]
    [InlineData("mean 300..100", "the window 300..100 ends before it starts")]
    [InlineData("mean 100..120", "step 120 is not a recorded step")]
    [InlineData("mean", "at 'mean' needs a window of steps A..B")]
    [InlineData("min 5..", "at 'min 5..' needs a window of steps A..B")]
    [InlineData("last test_loss > 1", "at: last ... looks at 'test_loss', which this spec does not record")]
    public void A_window_or_condition_that_cannot_be_read_is_refused_at_its_value(string at, string problem)
    {
        var error = Specs.SingleError(Specs.Tiny + $"\nclaims:\n  - {{ id: c, metric: train_loss, at: {at}, expect: \"< 1\" }}\n");
        Assert.Equal(10, error.Where.Line);
        Assert.StartsWith(problem, error.Problem);
    }
}
