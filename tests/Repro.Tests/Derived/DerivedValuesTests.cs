using Repro.Core.Derived;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Tests.Support;

namespace Repro.Tests.Derived;

/// <summary>Derived values computed from recorded points: per step, per trial, NaN where the arithmetic is undefined.</summary>
public class DerivedValuesTests
{
    const string Base = Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02] }\n";

    static TrialPlan Plan(string derived) => Planner.Plan(Specs.Parse(Base + "derived:\n" + derived + "\n"), engineVersion: 1);

    // Made-up recorded values that differ per trial and step.
    static double Loss(Trial t, long step) => (t.Index + 1) * 0.37 / (step + 1);
    static double Distance(Trial t, long step) => 1.5 - step * 0.001 * (t.Seed + 1);

    static TrialResult Recorded(Trial t, long[] steps, IReadOnlyList<ReferenceValue>? references = null) => new(t.Key,
        [.. steps.SelectMany(s => new[] { new MetricPoint(s, "train_loss", Loss(t, s)), new MetricPoint(s, "dist_to_min_norm", Distance(t, s)) })],
        steps[^1], null, references);

    static double ValueOf(TrialResult r, long step, string metric) => r.Points.Single(p => p.Step == step && p.Metric == metric).Value;

    [Fact]
    public void Each_recorded_step_gets_each_derived_value_after_its_recorded_ones_in_the_order_written()
    {
        var plan = Plan("  doubled: \"2 * gap\"\n  gap: \"dist_to_min_norm - train_loss\"\n  clock: \"step * optimizer.lr + seed\"");
        long[] steps = [0, 50, 100];
        var results = DerivedValues.Complete(plan, [.. plan.Trials.Select(t => Recorded(t, steps))]);

        foreach (var (trial, result) in plan.Trials.Zip(results))
        {
            Assert.Equal(steps.SelectMany(_ => new[] { "train_loss", "dist_to_min_norm", "doubled", "gap", "clock" }), result.Points.Select(p => p.Metric));
            double lr = FakeResults.Number(trial, "optimizer.lr");
            foreach (long s in steps)
            {
                double gap = Distance(trial, s) - Loss(trial, s);
                Assert.Equal(gap, ValueOf(result, s, "gap"));
                Assert.Equal(2 * gap, ValueOf(result, s, "doubled"));
                Assert.Equal(s * lr + trial.Seed, ValueOf(result, s, "clock"));
            }
        }
    }

    [Fact]
    public void Completing_again_gives_the_same_points_as_a_published_folder_read_back_does()
    {
        var plan = Plan("  gap: \"dist_to_min_norm - train_loss\"");
        var once = DerivedValues.Complete(plan, [.. plan.Trials.Select(t => Recorded(t, [0, 400]))]);
        var twice = DerivedValues.Complete(plan, once);
        Assert.Equal(once.SelectMany(r => r.Points), twice.SelectMany(r => r.Points));

        // A folder published with another definition holds other derived rows: they are recomputed, not kept.
        var edited = Plan("  gap: \"2 * train_loss\"");
        var recomputed = DerivedValues.Complete(edited, once);
        Assert.All(edited.Trials.Zip(recomputed), p => Assert.Equal(2 * Loss(p.First, 400), ValueOf(p.Second, 400, "gap")));
    }

    [Fact]
    public void Undefined_arithmetic_is_recorded_as_NaN_or_infinity_and_a_diverged_trial_as_NaN()
    {
        var plan = Plan("  neg_log: \"log(-train_loss)\"\n  zero_by_zero: \"(train_loss - train_loss) / (step - step)\"\n  by_zero: \"train_loss / (step - step)\"\n  root: \"sqrt(-1) + 1\"");
        var trial = plan.Trials[0];
        var diverged = new TrialResult(trial.Key,
            [new MetricPoint(0, "train_loss", 1), new MetricPoint(0, "dist_to_min_norm", 1), new MetricPoint(7, "train_loss", double.NaN), new MetricPoint(7, "dist_to_min_norm", double.PositiveInfinity)],
            7, 7);
        var result = Assert.Single(DerivedValues.Complete(plan, [diverged]));

        Assert.True(double.IsNaN(ValueOf(result, 0, "neg_log")));
        Assert.True(double.IsNaN(ValueOf(result, 0, "zero_by_zero")));
        Assert.Equal(double.PositiveInfinity, ValueOf(result, 0, "by_zero"));
        Assert.True(double.IsNaN(ValueOf(result, 0, "root")));
        Assert.All(new[] { "neg_log", "zero_by_zero", "by_zero", "root" }, m => Assert.True(double.IsNaN(ValueOf(result, 7, m))));
        Assert.Equal(7, result.DivergedAtStep);
    }

    [Fact]
    public void A_reference_scalar_is_read_from_the_trials_own_reference_and_is_NaN_where_it_published_none()
    {
        var plan = Plan("  scaled: \"train_loss / ref.min_l2_interpolant.primal_residual\"");
        var withReference = Recorded(plan.Trials[0], [0], [new ReferenceValue("min_l2_interpolant", "coefficient", 0, 5), new ReferenceValue("min_l2_interpolant", "primal_residual", null, 0.25)]);
        var without = Recorded(plan.Trials[1], [0]);
        var results = DerivedValues.Complete(plan, [withReference, without]);

        Assert.Equal(Loss(plan.Trials[0], 0) / 0.25, ValueOf(results[0], 0, "scaled"));
        Assert.True(double.IsNaN(ValueOf(results[1], 0, "scaled")));
    }

    [Fact]
    public void The_longest_chain_of_the_deepest_expressions_evaluates_without_deepening_the_stack()
    {
        // 256 metrics, each 300 negations of the next: evaluated one after another, never one inside another.
        string chain = string.Join("\n", Enumerable.Range(0, 256).Select(i => $"  d{i}: \"{new string('-', 300)}{(i == 255 ? "train_loss" : $"d{i + 1}")}\""));
        var plan = Plan(chain);
        var result = DerivedValues.Complete(plan, [Recorded(plan.Trials[0], [0])])[0];
        Assert.Equal(Loss(plan.Trials[0], 0), ValueOf(result, 0, "d0"));
        Assert.Equal(Loss(plan.Trials[0], 0), ValueOf(result, 0, "d255"));
    }

    [Fact]
    public void Without_derived_metrics_the_results_pass_through_untouched()
    {
        var plan = Planner.Plan(Specs.Parse(Base), engineVersion: 1);
        var results = plan.Trials.Select(t => Recorded(t, [0, 400])).ToList();
        Assert.All(DerivedValues.Complete(plan, results).Zip(results), p => Assert.Same(p.Second, p.First));
    }
}
