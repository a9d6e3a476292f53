using System.Text.Json.Nodes;
using Repro.Cli.Verification;
using Repro.Core.Artifacts;
using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Tests.Support;

namespace Repro.Tests.Claims;

/// <summary>
/// `compare: { PATH: [A, B] }` with `as:` (issue 15's sweep-point comparisons): per seed, the value at A against the
/// value at B of the trial that differs only in PATH, then reduced; checked at bind against the sweep.
/// </summary>
public class SweepComparisonTests
{
    // 8 lines without a final newline: "claims:" is line 9, the claim line 10.
    const string Spec = """
        name: depths
        model: diagonal-net
        init: { kind: constant, value: 0.1 }
        seeds: [0, 1, 2]
        metrics: [train_loss]
        train: { steps: 20, log_every: 10 }
        sweep: { model.depth: [2, 3, 4], init.value: [0.01, 0.1] }
        optimizer: { kind: gd, lr: 0.05 }
        """;

    // Final train loss v·(1 + seed) / depth^(1 + seed/2): depth 3 over depth 2 is (2/3)^(1 + seed/2) at either v.
    static double Loss(Trial t) =>
        FakeResults.Number(t, "init.value") * (1 + t.Seed) / Math.Pow(FakeResults.Number(t, "model.depth"), 1 + t.Seed / 2.0);

    static (TrialPlan Plan, IReadOnlyList<Core.Results.TrialResult> Results) Given(string claim, string spec = Spec) =>
        FakeResults.For(spec + "\nclaims:\n  - " + claim + "\n", (t, _) => Loss(t));

    static ClaimOutcome Check(string claim)
    {
        var (plan, results) = Given(claim);
        return Assert.Single(ClaimChecker.Check(plan, results));
    }

    /// <summary>The reference, from the results table itself: each trial at depth A with its seed's and value's trial at depth B.</summary>
    static List<(long Seed, double A, double B)> Pairs(TrialPlan plan, IReadOnlyList<Core.Results.TrialResult> results, double depthA, double depthB, double? value = null)
    {
        double Final(Trial t) => results.Single(r => r.Key == t.Key).Points.Last().Value;
        bool At(Trial t, double depth) => FakeResults.Number(t, "model.depth") == depth && (value is null || FakeResults.Number(t, "init.value") == value);
        return [.. plan.Trials.Where(t => At(t, depthA)).Select(a =>
        {
            var b = plan.Trials.Single(t => At(t, depthB) && t.Seed == a.Seed && FakeResults.Number(t, "init.value") == FakeResults.Number(a, "init.value"));
            return (a.Seed, Final(a), Final(b));
        })];
    }

    [Fact]
    public void A_ratio_pairs_the_trials_of_one_seed_that_differ_only_in_the_path_and_the_default_reduce_takes_the_worst()
    {
        const string claim = "{ id: c, metric: train_loss, compare: { model.depth: [3, 2] }, as: ratio, expect: \"< 0.7\" }";
        var (plan, results) = Given(claim);
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        var pairs = Pairs(plan, results, 3, 2);

        Assert.Equal(6, outcome.Units!.Count); // 2 values of init.value × 3 seeds
        Assert.Equal(pairs.Select(p => p.A / p.B), outcome.Units.Select(u => u.Value));
        Assert.Equal(pairs.Select(p => (p.A, p.B)), outcome.Units.Select(u => (u.Values[0].Value, u.Values[1].Value)));
        Assert.Equal(pairs.Max(p => p.A / p.B), outcome.Measured);
        Assert.True(outcome.Passed);
        Assert.Equal(["init.value"], outcome.Units[0].Point.Select(p => p.Key));
        Assert.Equal("model.depth 3 / 2 < 0.7", outcome.Claim.TestText);
    }

    [Fact]
    public void A_ratio_that_one_seed_misses_fails_and_a_vote_counts_pairs()
    {
        // Seed 0's ratio is 2/3: above 0.6. Seeds 1 and 2 are below it at both values of init.value: 4 of 6 pairs hold.
        var failing = Check("{ id: c, metric: train_loss, compare: { model.depth: [3, 2] }, as: ratio, expect: \"< 0.6\" }");
        Assert.False(failing.Passed);
        Assert.Equal(2.0 / 3, failing.Measured, 14);

        var vote = Check("{ id: c, metric: train_loss, compare: { model.depth: [3, 2] }, as: ratio, reduce: at-least 4 of 6, expect: \"< 0.6\" }");
        Assert.True(vote.Passed);
        Assert.Equal(4, vote.Holding);
        Assert.Equal(6, vote.Voters);
        Assert.Equal("4/6 hold, 4th best 0.5443", VerifyTable.Measured(vote));
        Assert.Equal("model.depth 3 / 2: at-least 4 of 6 < 0.6", VerifyTable.Expected(vote));
        Assert.Contains("4 of 6 pairs hold", vote.Describe());
    }

    [Fact]
    public void A_difference_subtracts_B_from_A_within_the_trials_where_selects()
    {
        const string claim = "{ id: c, where: { init.value: 0.1 }, metric: train_loss, compare: { model.depth: [2, 4] }, as: difference, expect: \"> 0\" }";
        var (plan, results) = Given(claim);
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        var pairs = Pairs(plan, results, 2, 4, value: 0.1);

        Assert.Equal(3, outcome.Units!.Count);
        Assert.Equal(pairs.Min(p => p.A - p.B), outcome.Measured); // `>` takes the smallest by default
        Assert.True(outcome.Passed);
        Assert.Equal("model.depth 2 - 4 > 0", VerifyTable.Expected(outcome));

        var (tight, tightResults) = Given(claim.Replace("\"> 0\"", "\"> 0.1\"", StringComparison.Ordinal));
        Assert.False(Assert.Single(ClaimChecker.Check(tight, tightResults)).Passed);
    }

    [Fact]
    public void A_pair_with_a_diverged_trial_has_no_value_and_fails_the_claim()
    {
        var (plan, results) = FakeResults.For(Spec + "\nclaims:\n  - { id: c, metric: train_loss, compare: { model.depth: [3, 2] }, as: ratio, reduce: at-least 5, expect: \"< 1\" }\n",
            (t, _) => Loss(t), t => t.Seed == 1 && FakeResults.Number(t, "model.depth") == 2);
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        Assert.Equal(4, outcome.Holding); // both pairs of seed 1 have no value
        Assert.False(outcome.Passed);
        Assert.Equal(2, outcome.Units!.Count(u => double.IsNaN(u.Value)));
    }

    [Fact]
    public void A_kind_is_compared_with_its_whole_component()
    {
        // The normal start brings its scale with it: it pairs with the zero start, which has none.
        string spec = Specs.Tiny + "\nsweep: { init: [zeros, { kind: normal, scale: 0.5 }] }";
        var (plan, results) = FakeResults.For(spec + "\nclaims:\n  - { id: c, metric: train_loss, compare: { init.kind: [normal, zeros] }, as: ratio, expect: \"< 100\" }\n",
            (t, _) => Canonical.Text(t.Value("init.kind")) == "zeros" ? 2 : 3 + t.Seed);
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        Assert.Equal([1.5, 2.0], outcome.Units!.Select(u => u.Value));
        Assert.Empty(outcome.Units![0].Point);
    }

    [Fact]
    public void Claims_json_carries_every_pair_with_the_values_it_was_made_of()
    {
        var (plan, results) = Given("{ id: c, metric: train_loss, compare: { model.depth: [3, 2] }, as: ratio, expect: \"< 0.7\" }");
        var set = ArtifactSet.Build(plan, results, new Dictionary<string, string>(), new JsonObject());
        var claim = JsonNode.Parse(set.Files[ArtifactSet.ClaimsFile])!["claims"]![0]!.AsObject();
        var pairs = Pairs(plan, results, 3, 2);

        Assert.Equal("""{"model.depth":[3,2]}""", claim["compare"]!.ToJsonString());
        Assert.Equal("ratio", (string?)claim["as"]);
        Assert.Equal("model.depth 3 / 2 < 0.7", (string?)claim["expect"]);
        var units = claim["units"]!.AsArray();
        Assert.Equal(6, units.Count);
        var first = units[0]!.AsObject();
        Assert.Equal(0, (long)first["seed"]!);
        Assert.Equal("""{"init.value":0.01}""", first["point"]!.ToJsonString());
        var values = first["values"]!.AsArray();
        Assert.Equal([3.0, pairs[0].A, 2.0, pairs[0].B], values.SelectMany(v => v!.AsArray().Select(x => (double)x!)));
        Assert.Equal(pairs[0].A / pairs[0].B, (double)first["measured"]!);
    }

    [Fact]
    public void The_canonical_form_has_compare_and_as_only_in_a_claim_that_uses_them()
    {
        var spec = Specs.Parse(Spec + """

            claims:
              - { id: plain, metric: train_loss, expect: "< 1" }
              - { id: paired, metric: train_loss, compare: { model.depth: [3, 2.0] }, as: ratio, expect: "< 1" }
            """);
        Assert.Equal(["at", "expect", "id", "metric", "monotone", "reduce", "where"], Canonical.Of(spec.Claims[0]).Select(m => m.Key));
        var paired = Canonical.Of(spec.Claims[1]);
        Assert.Equal("""{"model.depth":[3,2]}""", paired["compare"]!.ToJsonString()); // 2.0 is the trials' 2
        Assert.Equal("ratio", (string?)paired["as"]);
    }

    [Theory]
    [InlineData("compare: { model.width: [3, 2] }, as: ratio", "model.width", "path 'model.width' does not exist")]
    [InlineData("compare: { train.steps: [20, 10] }, as: ratio", "train.steps", "'train.steps' takes a single value in this spec")]
    [InlineData("compare: { model.depth: [3, 5] }, as: ratio", "5]", "compare model.depth = 5 matches no trial")]
    [InlineData("compare: { model.depth: [3, 3.0] }, as: ratio", "3.0", "compare names model.depth = 3 twice")]
    [InlineData("compare: { model.depth: [3] }, as: ratio", "{ model", "compare must be one path and a list of its two values")]
    [InlineData("compare: { seed: [0, 1] }, as: ratio", "seed", "compare pairs trials of one seed, so it cannot compare seeds")]
    [InlineData("compare: { model.depth: [3, 2] }", "{ model", "compare needs `as:`")]
    [InlineData("compare: { model.depth: [3, 2] }, as: ration", "ration", "unknown as 'ration'")]
    [InlineData("as: ratio", "ratio", "`as:` says how `compare:` makes one number of its two values, but this claim has no `compare:`")]
    [InlineData("where: { model.depth: 3 }, compare: { model.depth: [3, 2] }, as: ratio", "model.depth: [", "`where:` fixes model.depth, which `compare:` varies")]
    [InlineData("compare: { model.depth: [3, 2] }, as: ratio, reduce: at-least 7", "at-least", "reduce at-least 7 asks 7 units to hold, but this claim measures 6 pairs")]
    public void A_comparison_that_cannot_be_made_is_refused_at_its_value(string keys, string at, string problem)
    {
        string claim = $"{{ id: c, metric: train_loss, {keys}, expect: \"< 1\" }}";
        var error = Specs.SingleError(Spec + "\nclaims:\n  - " + claim + "\n");
        Assert.StartsWith(problem, error.Problem);
        Assert.Equal(new Mark("test.yaml", 10, 5 + claim.IndexOf(at, StringComparison.Ordinal)), error.Where);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
    }

    [Theory]
    [InlineData("expect: \"< 0.5 * train_loss\"", "with `compare:`, expect compares with a number, not with train_loss")]
    [InlineData("monotone: increasing in init.value", "`compare:` makes values to compare with a bound, not a trend")]
    [InlineData("scaling: exponent in init.value, expect: \"< 1\"", "a claim takes one of `compare:` and `scaling:`")]
    public void A_comparison_combines_only_with_a_bound(string keys, string problem)
    {
        var error = Specs.SingleError(Spec + "\nclaims:\n  - { id: c, metric: train_loss, compare: { model.depth: [3, 2] }, as: ratio, " + keys + " }\n");
        Assert.StartsWith(problem, error.Problem);
        Assert.Equal(10, error.Where.Line);
    }

    [Fact]
    public void A_path_swept_with_another_pairs_its_points_with_the_linked_values_along()
    {
        // Depth and value vary together: depth 3 (value 0.1) is compared with depth 2 (value 0.01), seed by seed.
        string spec = Spec.Replace("sweep: { model.depth: [2, 3, 4], init.value: [0.01, 0.1] }", "sweep: { model.depth+init.value: [[2, 0.01], [3, 0.1]] }", StringComparison.Ordinal);
        var (plan, results) = FakeResults.For(spec + "\nclaims:\n  - { id: c, metric: train_loss, compare: { model.depth: [3, 2] }, as: ratio, expect: \"< 100\" }\n",
            (t, _) => 1 + t.Seed + FakeResults.Number(t, "model.depth"));
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        Assert.Equal(plan.Trials.Select(t => t.Seed).Distinct().Count(), outcome.Units!.Count);
        Assert.All(outcome.Units, u => Assert.Equal((4.0 + u.Seed) / (3 + u.Seed), u.Value, 14));
        Assert.All(outcome.Units, u => Assert.Empty(u.Point));
    }

    [Fact]
    public void Linked_points_that_repeat_a_value_of_the_path_are_refused_as_ambiguous()
    {
        string spec = Spec.Replace("sweep: { model.depth: [2, 3, 4], init.value: [0.01, 0.1] }", "sweep: { model.depth+init.value: [[2, 0.01], [3, 0.1], [2, 0.1]] }", StringComparison.Ordinal);
        var error = Specs.SingleError(spec + "\nclaims:\n  - { id: c, metric: train_loss, compare: { model.depth: [3, 2] }, as: ratio, expect: \"< 1\" }\n");
        Assert.Equal("2 sweep points at model.depth = 2 differ only in what the sweep varies with model.depth (init.value = 0.01; init.value = 0.1), so compare cannot tell which to pair", error.Problem);
    }

    [Fact]
    public void A_kind_met_twice_among_partners_is_refused_as_ambiguous()
    {
        string spec = Specs.Tiny + "\nsweep: { init: [zeros, { kind: normal, scale: 0.5 }, { kind: normal, scale: 2 }] }";
        var error = Specs.SingleError(spec + "\nclaims:\n  - { id: c, metric: train_loss, compare: { init.kind: [normal, zeros] }, as: ratio, expect: \"< 1\" }\n");
        Assert.Equal("2 sweep points at init.kind = normal differ only inside init (init.scale = 0.5; init.scale = 2), so compare cannot tell which to pair", error.Problem);
    }
}
