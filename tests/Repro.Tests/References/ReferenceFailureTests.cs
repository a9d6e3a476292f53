using Repro.Core;
using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Registry;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Engine.Training;
using Repro.Tests.Support;

namespace Repro.Tests.References;

/// <summary>
/// A reference solver that finds no answer on a trial's data is a run error of a valid spec (exit 3, reported
/// per spec by verify and watch), never a bug: it names the reference, what the solver found, and what to change.
/// </summary>
public class ReferenceFailureTests
{
    // The binder refuses both specs below (their metrics' needs of the data, tested in CompatibilityRuleTests).
    // Bound without those needs, as a spec would be if a need were missing, the solver itself must still
    // fail as a run error, not as a bug.
    static readonly KindCatalog Unchecked = new(Registries.Catalog.Areas, Registries.Catalog.Metrics.Select(m => m with { Needs = [], NeedsInterpolant = false }));

    static TrialResult Train(string yaml)
    {
        Assert.Throws<SpecException>(() => Specs.Parse(yaml));
        return Trainer.Run(Planner.Plan(SpecBinder.Parse(yaml, "test.yaml", Unchecked), Repro.Engine.EngineInfo.Version).Trials[0]);
    }

    [Fact]
    public void An_interpolant_of_an_overdetermined_system_is_a_run_error_naming_the_reference_the_status_and_the_fix()
    {
        // 20 noisy points in 5 dimensions: no w fits them all, so the basis pursuit LP is infeasible.
        var error = Assert.Throws<RunException>(() => Train(Specs.Tiny
            .Replace("n_train: 8", "n_train: 20").Replace("features: 20", "features: 5").Replace("noise: 0.0", "noise: 0.5")
            .Replace("metrics: [train_loss, dist_to_min_norm]", "metrics: [train_loss, dist_to_min_l1]")));

        Assert.StartsWith("reference min_l1_interpolant: GLOP ended with status INFEASIBLE", error.Message);
        Assert.Contains("data.features > data.n_train", error.Message);
        Assert.Contains("dist_to_min_l1", error.Message);
    }

    [Fact]
    public void A_margin_metric_on_regression_targets_is_a_run_error_that_points_at_classification_data()
    {
        var error = Assert.Throws<RunException>(() => Train(Specs.Tiny.Replace("metrics: [train_loss, dist_to_min_norm]", "metrics: [train_loss, margin_gap]")));

        Assert.StartsWith("reference svm: labels must be -1 or +1", error.Message);
        Assert.Contains("separable-classification", error.Message);
        Assert.Contains("margin_gap", error.Message);
    }
}
