using System.Text.Json.Nodes;
using Repro.Cli.Verification;
using Repro.Core.Artifacts;
using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Tests.Support;

namespace Repro.Tests.Claims;

/// <summary>
/// `scaling: exponent in PATH` and `scaling: prefactor K in PATH` (issue 15's scaling laws): one series per seed and
/// setting of the other swept paths, fitted or checked against a power of the path, then reduced.
/// </summary>
public class ScalingLawTests
{
    // 6 lines without a final newline: "claims:" is line 7, the claim line 8.
    const string Spec = """
        name: rates
        seeds: [0, 1, 2]
        metrics: [train_loss, test_loss]
        train: { steps: 20, log_every: 10 }
        sweep: { data.n_train: [10, 20, 40, 80], optimizer.lr: [0.1, 0.2] }
        optimizer: { kind: gd, lr: 0.1 }
        """;

    static double N(Trial t) => FakeResults.Number(t, "data.n_train");

    // test_loss ≈ (1 + seed)·lr / n, off the exact law by a wiggle of up to 2%, different in every trial.
    static double Loss(Trial t) => (1 + t.Seed) * t.Config.Optimizer.Double("lr") / N(t) * (1 + 0.02 * Math.Sin(N(t) + 3 * t.Seed));

    static (TrialPlan Plan, IReadOnlyList<TrialResult> Results) Given(string claim, Func<Trial, double>? loss = null) =>
        FakeResults.For(Spec + "\nclaims:\n  - " + claim + "\n", (t, _) => (loss ?? Loss)(t));

    static ClaimOutcome Check(string claim, Func<Trial, double>? loss = null)
    {
        var (plan, results) = Given(claim, loss);
        return Assert.Single(ClaimChecker.Check(plan, results));
    }

    /// <summary>The series of the results table: trials of one seed and learning rate, in increasing n.</summary>
    static List<List<(double N, double Loss)>> Series(TrialPlan plan, IReadOnlyList<TrialResult> results) =>
        [.. plan.Trials.GroupBy(t => (t.Seed, t.Config.Optimizer.Double("lr")))
            .Select(g => g.Select(t => (N(t), results.Single(r => r.Key == t.Key).Points.Last().Value)).OrderBy(p => p.Item1).ToList())];

    /// <summary>The reference slope by the normal equations, (nΣxy − ΣxΣy) / (nΣx² − (Σx)²) on logarithms: not the centred form the claim uses.</summary>
    static double Slope(List<(double N, double Loss)> series)
    {
        var x = series.Select(p => Math.Log(p.N)).ToList();
        var y = series.Select(p => Math.Log(p.Loss)).ToList();
        int n = x.Count;
        return (n * x.Zip(y).Sum(p => p.First * p.Second) - x.Sum() * y.Sum()) / (n * x.Sum(v => v * v) - x.Sum() * x.Sum());
    }

    [Fact]
    public void The_exponent_is_the_least_squares_slope_of_the_log_log_series_per_seed()
    {
        var (plan, results) = Given("{ id: c, metric: test_loss, scaling: exponent in data.n_train, reduce: median, expect: \"< -0.9\" }");
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        var slopes = Series(plan, results).Select(Slope).ToList();

        Assert.Equal(6, outcome.Units!.Count); // 3 seeds × 2 learning rates
        Assert.Equal(slopes, outcome.Units.Select(u => u.Value), new Tolerant(1e-12));
        Assert.Equal([10.0, 20, 40, 80], outcome.Units[0].Values.Select(v => ClaimChecker.Numeric(v.At)!.Value));
        Assert.True(outcome.Passed);
        Assert.Equal("exponent in data.n_train < -0.9", VerifyTable.Expected(outcome));
    }

    [Fact]
    public void An_exponent_within_the_tolerance_of_the_claimed_one_in_every_series_passes_and_a_tighter_one_fails()
    {
        var (plan, results) = Given("{ id: c, metric: test_loss, scaling: exponent in data.n_train, expect: \"< 0\" }");
        double furthest = Series(plan, results).Select(Slope).Max(k => Math.Abs(k + 1));
        Assert.InRange(furthest, 1e-4, 0.05); // the wiggle moves the slope, but not far

        string Claim(double abs) => $"{{ id: c, metric: test_loss, scaling: exponent in data.n_train, expect: \"== -1\", tolerance: {{ abs: {Canonical.Number(abs)} }} }}";
        var loose = Check(Claim(2 * furthest));
        Assert.True(loose.Passed);
        Assert.Equal("all", loose.Claim.Reduce.ToString());
        Assert.Equal(furthest, Math.Abs(loose.Measured + 1), 12); // a vote shows the series furthest from -1
        Assert.False(Check(Claim(furthest / 2)).Passed);
    }

    [Fact]
    public void The_prefactor_spread_is_largest_over_smallest_of_metric_over_the_power_minus_one()
    {
        var (plan, results) = Given("{ id: c, metric: test_loss, scaling: prefactor -1 in data.n_train, expect: \"< 0.1\" }");
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        var spreads = Series(plan, results).Select(s => s.Max(p => p.Loss * p.N) / s.Min(p => p.Loss * p.N) - 1).ToList();

        Assert.Equal(spreads, outcome.Units!.Select(u => u.Value), new Tolerant(1e-12));
        Assert.Equal(spreads.Max(), outcome.Measured, 12);
        Assert.True(outcome.Passed);
        Assert.Equal("prefactor -1 in data.n_train", outcome.Claim.Measure!.ToString());

        // The wrong exponent leaves the prefactor growing with n, about 8-fold over n = 10..80 for K = -2.
        var wrong = Check("{ id: c, metric: test_loss, scaling: prefactor -2 in data.n_train, expect: \"< 0.1\" }");
        Assert.False(wrong.Passed);
        Assert.Equal(Series(plan, results).Max(s => s.Max(p => p.Loss * p.N * p.N) / s.Min(p => p.Loss * p.N * p.N) - 1), wrong.Measured, 12);
    }

    [Fact]
    public void A_value_with_no_logarithm_gives_its_series_no_exponent_and_the_claim_fails()
    {
        var outcome = Check("{ id: c, metric: test_loss, scaling: exponent in data.n_train, reduce: at-least 5 of 6, expect: \"< 0\" }",
            t => t.Seed == 0 && N(t) == 40 && t.Config.Optimizer.Double("lr") == 0.1 ? 0 : Loss(t));
        Assert.Equal(5, outcome.Holding);
        Assert.True(outcome.Passed);
        Assert.True(double.IsNaN(outcome.Units![0].Value));

        Assert.False(Check("{ id: c, metric: test_loss, scaling: exponent in data.n_train, expect: \"< 0\" }", t => N(t) == 40 ? -1 : Loss(t)).Passed);
    }

    [Fact]
    public void Claims_json_carries_each_series()
    {
        var (plan, results) = Given("{ id: c, metric: test_loss, scaling: exponent in data.n_train, expect: \"< 0\" }");
        var claim = JsonNode.Parse(ArtifactSet.Build(plan, results, new Dictionary<string, string>(), new JsonObject()).Files[ArtifactSet.ClaimsFile])!["claims"]![0]!;
        var series = Series(plan, results);

        Assert.Equal("exponent in data.n_train", (string?)claim["scaling"]);
        Assert.Equal("exponent in data.n_train < 0", (string?)claim["expect"]);
        var unit = claim["units"]![0]!;
        Assert.Equal("""{"optimizer.lr":0.1}""", unit["point"]!.ToJsonString());
        Assert.Equal(series[0].SelectMany(p => new[] { p.N, p.Loss }), unit["values"]!.AsArray().SelectMany(v => v!.AsArray().Select(x => (double)x!)));
        Assert.Equal(Slope(series[0]), (double)unit["measured"]!, 12);
    }

    [Theory]
    [InlineData("scaling: exponent in data.features", "exponent in", "'data.features' takes a single value in this spec")]
    [InlineData("scaling: exponent in data.n_tran", "exponent in", "path 'data.n_tran' does not exist")]
    [InlineData("scaling: exponant in data.n_train", "exponant", "unknown scaling 'exponant'")]
    [InlineData("scaling: prefactor fast in data.n_train", "prefactor", "scaling prefactor 'fast' needs the exponent K as a number")]
    [InlineData("scaling: exponent", "exponent", "scaling must read FORM in PATH (exponent in PATH, prefactor K in PATH), got 'exponent'")]
    [InlineData("scaling: exponent -1 in data.n_train", "exponent -1", "scaling exponent takes nothing before `in`, got 'exponent -1'")]
    [InlineData("where: { data.n_train: 10 }, scaling: exponent in data.n_train", "exponent in", "`where:` fixes data.n_train, which `scaling:` varies")]
    [InlineData("scaling: exponent in data.n_train, reduce: at-least 2 of 5", "at-least", "reduce at-least 2 of 5 counts 5 units, but this claim measures 6 series")]
    [InlineData("scaling: exponent in data.n_train, monotone: increasing in optimizer.lr", "increasing", "`scaling:` makes values to compare with a bound, not a trend")]
    public void A_scaling_claim_that_cannot_be_fitted_is_refused_at_its_value(string keys, string at, string problem)
    {
        string expect = keys.Contains("monotone", StringComparison.Ordinal) ? "" : ", expect: \"< 0\"";
        string claim = $"{{ id: c, metric: test_loss, {keys}{expect} }}";
        var error = Specs.SingleError(Spec + "\nclaims:\n  - " + claim + "\n");
        Assert.Equal(problem, error.Problem);
        Assert.Equal(new Mark("test.yaml", 8, 5 + claim.IndexOf(at, StringComparison.Ordinal)), error.Where);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
    }

    [Fact]
    public void The_fix_of_a_misspelled_law_keeps_its_argument()
    {
        const string claim = "{ id: c, metric: test_loss, scaling: prefactr -1 in data.n_train, expect: \"< 0.1\" }";
        var error = Specs.SingleError(Spec + "\nclaims:\n  - " + claim + "\n");
        Assert.Contains("did you mean 'prefactor -1'?", error.Fix);
        Assert.Equal(new Mark("test.yaml", 8, 5 + claim.IndexOf("prefactr", StringComparison.Ordinal)), error.Where);
    }

    [Theory]
    [InlineData("sweep: { init.value: [0, 0.5, 1] }", "init.value", "scaling fits a power of init.value, so its values must be positive numbers; init.value = 0 is not")]
    [InlineData("sweep: { init: [zeros, normal] }", "init.kind", "scaling fits a power of init.kind, so its values must be positive numbers; init.kind = zeros is not")]
    [InlineData("sweep: { init.value+optimizer.lr: [[0.5, 0.1], [1, 0.1], [0.5, 0.2]] }", "init.value",
        "2 sweep points at init.value = 0.5 differ only in what the sweep varies with init.value (optimizer.lr = 0.1; optimizer.lr = 0.2), so a series would hold init.value = 0.5 twice")]
    public void A_path_without_positive_values_in_every_series_is_refused(string sweep, string path, string problem)
    {
        string spec = Specs.Tiny.Replace("init: zeros", "init: constant", StringComparison.Ordinal) + "\n" + sweep;
        var error = Specs.SingleError(spec + $"\nclaims:\n  - {{ id: c, metric: train_loss, scaling: exponent in {path}, expect: \"< 0\" }}\n");
        Assert.Equal(problem, error.Problem);
        Assert.Equal(11, error.Where.Line);
    }

    // The linear scaling rule's sweep: the step size (and the step count) move with the batch size on one axis.
    const string Linked = """
        name: rule
        seeds: [0, 1]
        metrics: [train_loss, test_loss]
        train: { steps: 20, log_every: 10 }
        sweep: { data.n_train+optimizer.lr+train.steps: [[10, 0.1, 40], [20, 0.2, 20], [40, 0.4, 10]], model.bias: [false, true] }
        optimizer: { kind: gd, lr: 0.1 }
        """;

    [Fact]
    public void A_path_swept_with_others_takes_them_along_in_its_series()
    {
        // loss ∝ lr/n: flat along the linked axis (lr grows with n), so the exponent is the wiggle's alone.
        var (plan, results) = FakeResults.For(Linked + "\nclaims:\n  - { id: c, metric: test_loss, scaling: exponent in data.n_train, expect: \"< 1\" }\n", (t, _) => Loss(t));
        var outcome = Assert.Single(ClaimChecker.Check(plan, results));
        var series = plan.Trials.GroupBy(t => (t.Seed, t.Config.Model.Bool("bias")))
            .Select(g => g.Select(t => (N(t), results.Single(r => r.Key == t.Key).Points.Last().Value)).OrderBy(p => p.Item1).ToList()).ToList();

        Assert.Equal(4, outcome.Units!.Count); // 2 seeds × 2 bias settings, each a series over the 3 linked points
        Assert.All(outcome.Units, u => Assert.Equal(3, u.Values.Count));
        Assert.Equal(series.Select(Slope), outcome.Units.Select(u => u.Value), new Tolerant(1e-12));
        Assert.All(outcome.Units, u => Assert.InRange(u.Value, -0.05, 0.05));
        // A unit's point names the swept values it shares, not the linked ones that vary along it.
        Assert.All(outcome.Units, u => Assert.Equal(["model.bias"], u.Point.Select(p => p.Key)));
    }

    [Fact]
    public void A_where_that_fixes_a_linked_path_is_refused_there()
    {
        const string claim = "{ id: c, where: { optimizer.lr: 0.2 }, metric: test_loss, scaling: exponent in data.n_train, expect: \"< 1\" }";
        var error = Specs.SingleError(Linked + "\nclaims:\n  - " + claim + "\n");
        Assert.Equal("`where:` fixes optimizer.lr, which `scaling:` varies", error.Problem);
        Assert.Equal(new Mark("test.yaml", 8, 5 + claim.IndexOf("exponent in", StringComparison.Ordinal)), error.Where);
    }

    sealed class Tolerant(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
