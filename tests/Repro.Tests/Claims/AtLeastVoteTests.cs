using Repro.Core.Claims;
using Repro.Tests.Support;

namespace Repro.Tests.Claims;

/// <summary>`reduce: at-least K [of N]` (issue 15's k-of-n votes): passes with K holding, shows the K-th best, checked at bind.</summary>
public class AtLeastVoteTests
{
    // Five seeds whose final train_loss is 0.1 × (seed + 1): 0.1, 0.2, 0.3, 0.4, 0.5.
    static string Spec(string reduce) => Specs.Tiny.Replace("seeds: [0, 1]", "seeds: [0, 1, 2, 3, 4]", StringComparison.Ordinal)
        + $"\nclaims:\n  - {{ id: c, metric: train_loss, reduce: {reduce}, expect: \"< 0.35\" }}\n";

    static ClaimOutcome Check(string reduce)
    {
        var (plan, results) = FakeResults.For(Spec(reduce), (t, _) => 0.1 * (t.Seed + 1));
        return Assert.Single(ClaimChecker.Check(plan, results));
    }

    [Theory]
    [InlineData("at-least 3 of 5", true, 0.3)]
    [InlineData("at-least 3", true, 0.3)]
    [InlineData("at-least 4 of 5", false, 0.4)]
    [InlineData("at-least 1", true, 0.1)]
    public void The_vote_passes_when_K_trials_hold_and_shows_the_kth_best(string reduce, bool passed, double shown)
    {
        var outcome = Check(reduce);
        Assert.Equal(passed, outcome.Passed);
        Assert.Equal(3, outcome.Holding);
        Assert.Equal(shown, outcome.Measured, 12);
        Assert.Equal(reduce, outcome.Claim.Reduce.ToString());
    }

    [Theory]
    [InlineData("at-least 3 of 4", "reduce at-least 3 of 4 counts 4 trials, but this claim selects 5")]
    [InlineData("at-least 6", "reduce at-least 6 asks 6 trials to hold, but this claim selects 5")]
    [InlineData("at-least 0", "at-least 0 is not a count of trials")]
    [InlineData("at-least 3 of 2", "at-least 3 of 2: N must be a count of at least K")]
    [InlineData("at-least many", "at-least many is not a count of trials")]
    public void A_vote_that_cannot_mean_anything_is_refused_at_its_value(string reduce, string problem)
    {
        var error = Specs.SingleError(Spec(reduce));
        Assert.Equal(10, error.Where.Line);
        Assert.StartsWith(problem, error.Problem);
    }
}
