using System.Text.Json.Nodes;
using Repro.Cli.Verification;
using Repro.Core.Artifacts;
using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Tests.Support;

namespace Repro.Tests.Claims;

/// <summary>`compare: { step: [A, B] }` with `as:` (issue 15's two steps of one trial): per trial, then reduced; both steps recorded.</summary>
public class StepComparisonTests
{
    // 5 lines without a final newline: "claims:" is line 6, the claim line 7.
    const string Spec = """
        name: steps
        seeds: [0, 1, 2]
        metrics: [train_loss]
        train: { steps: 40, log_every: 10 }
        sweep: { optimizer.lr: [0.1, 0.2] }
        """;

    static double Loss(Trial t, long step) => (1 + t.Seed) * Math.Exp(-t.Config.Optimizer.Double("lr") * step);

    /// <summary>Every trial records its loss at steps 0, 10, 20, 30, 40.</summary>
    static (TrialPlan Plan, List<TrialResult> Results) Given(string claim)
    {
        var plan = Planner.Plan(Specs.Parse(Spec + "\nclaims:\n  - " + claim + "\n"), 1);
        var results = plan.Trials.Select(t => new TrialResult(t.Key, [.. Enumerable.Range(0, 5).Select(i => new MetricPoint(i * 10, "train_loss", Loss(t, i * 10)))], 40, null)).ToList();
        return (plan, results);
    }

    static ClaimOutcome Check(string claim)
    {
        var (plan, results) = Given(claim);
        return Assert.Single(ClaimChecker.Check(plan, results));
    }

    /// <summary>The reference, read off the results table: each trial's recorded value at a step.</summary>
    static double Recorded(TrialResult r, long step) => r.Points.Single(p => p.Step == step).Value;

    [Fact]
    public void A_ratio_divides_each_trials_value_at_step_A_by_its_value_at_step_B()
    {
        var (plan, results) = Given("{ id: c, metric: train_loss, compare: { step: [40, 20] }, as: ratio, expect: \"< 0.2\" }");
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        var ratios = results.Select(r => Recorded(r, 40) / Recorded(r, 20)).ToList();

        Assert.Equal(ratios, outcome.Units!.Select(u => u.Value));
        Assert.Equal(ratios.Max(), outcome.Measured);
        Assert.True(outcome.Passed);
        Assert.Equal("step 40 / 20 < 0.2", VerifyTable.Expected(outcome));
        Assert.StartsWith("train_loss step 40 / 20 (max over 6 trials) = ", outcome.Describe());

        var tight = Check("{ id: c, metric: train_loss, compare: { step: [40, 20] }, as: ratio, expect: \"< 0.1\" }");
        Assert.False(tight.Passed); // lr 0.1 keeps e^-2 ≈ 0.135 of its loss
    }

    [Fact]
    public void A_difference_subtracts_the_value_at_step_B_from_the_value_at_step_A()
    {
        var (plan, results) = Given("{ id: c, metric: train_loss, compare: { step: [40, 20] }, as: difference, reduce: all, expect: \"< -0.05\" }");
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        var drops = results.Select(r => Recorded(r, 40) - Recorded(r, 20)).ToList();

        Assert.Equal(drops, outcome.Units!.Select(u => u.Value));
        Assert.Equal(drops.Count(d => d < -0.05), outcome.Holding);
        Assert.False(outcome.Passed); // lr 0.2, seed 0 loses only e^-4 − e^-8 ≈ 0.018
        Assert.Equal(drops.Max(), outcome.Measured); // the worst trial

        Assert.True(Check("{ id: c, metric: train_loss, compare: { step: [40, 20] }, as: difference, reduce: all, expect: \"< 0\" }").Passed);
    }

    [Fact]
    public void Claims_json_names_each_trial_with_its_two_recorded_values()
    {
        var (plan, results) = Given("{ id: c, metric: train_loss, compare: { step: [40, 20] }, as: ratio, expect: \"< 0.2\" }");
        var claim = JsonNode.Parse(ArtifactSet.Build(plan, results, new Dictionary<string, string>(), new JsonObject()).Files[ArtifactSet.ClaimsFile])!["claims"]![0]!;

        Assert.Equal("""{"step":[40,20]}""", claim["compare"]!.ToJsonString());
        var unit = claim["units"]![5]!;
        Assert.Equal(2, (long)unit["seed"]!);
        Assert.Equal(0.2, (double)unit["point"]!["optimizer.lr"]!);
        Assert.Equal([40.0, Recorded(results[5], 40), 20.0, Recorded(results[5], 20)], unit["values"]!.AsArray().SelectMany(v => v!.AsArray().Select(x => (double)x!)));
    }

    [Theory]
    [InlineData("compare: { step: [40, 25] }, as: ratio", "25]", "step 25 is not a recorded step (train.steps = 40, log_every = 10)")]
    [InlineData("compare: { step: [50, 20] }, as: ratio", "50,", "step 50 is not a recorded step (train.steps = 40, log_every = 10)")]
    [InlineData("compare: { step: [20, 20] }, as: ratio", "20]", "compare reads step 20 twice")]
    [InlineData("compare: { step: [40, last] }, as: ratio", "last", "compare step 'last' is not a step number")]
    [InlineData("compare: { step: [40, 20] }, as: ratio, at: max", "max", "compare: { step: [A, B] } reads the metric at its two steps, so `at:` does not apply")]
    [InlineData("compare: { step: 40 }, as: ratio", "{ step", "compare must be one path and a list of its two values, got a mapping")]
    public void Two_steps_that_are_not_both_recorded_are_refused_at_the_step(string keys, string at, string problem)
    {
        string claim = $"{{ id: c, metric: train_loss, {keys}, expect: \"< 1\" }}";
        var error = Specs.SingleError(Spec + "\nclaims:\n  - " + claim + "\n");
        Assert.Equal(problem, error.Problem);
        Assert.Equal(new Mark("test.yaml", 7, 5 + claim.LastIndexOf(at, StringComparison.Ordinal)), error.Where);
    }
}
