using Repro.Core.Spec;
using Repro.Tests.Support;

namespace Repro.Tests.Spec;

/// <summary>One tiny bad spec per rule: each gives one positioned error with the fix.</summary>
public class StrictLoadingTests
{
    static string Edit(string from, string to)
    {
        Assert.Contains(from, Specs.Tiny);
        return Specs.Tiny.Replace(from, to);
    }

    [Fact]
    public void The_tiny_spec_is_valid()
    {
        var spec = Specs.Parse(Specs.Tiny);
        Assert.Equal("tiny", spec.Name);
        Assert.Single(spec.Points);
    }

    [Fact]
    public void An_unknown_key_names_its_position_and_suggests_the_right_one()
    {
        var error = Specs.SingleError(Specs.Tiny + "\noptimiser: { kind: gd }\n");
        Assert.Equal(new Mark("test.yaml", 9, 1), error.Where);
        Assert.Contains("unknown key 'optimiser'", error.Problem);
        Assert.Contains("did you mean 'optimizer'?", error.Fix);
    }

    [Fact]
    public void An_unknown_parameter_lists_the_parameters_of_that_kind()
    {
        var error = Specs.SingleError(Edit("lr: 0.05", "lr: 0.05, momentum: 0.9"));
        Assert.Equal(5, error.Where.Line);
        Assert.Contains("unknown key 'momentum'", error.Problem);
        Assert.Contains("kind, lr", error.Fix);
    }

    [Fact]
    public void A_wrong_type_says_what_was_expected()
    {
        var error = Specs.SingleError(Edit("lr: 0.05", "lr: fast"));
        Assert.Equal(new Mark("test.yaml", 5, 28), error.Where);
        Assert.Contains("optimizer.lr must be a number, got 'fast'", error.Problem);
    }

    [Fact]
    public void A_quoted_number_is_a_string_not_a_number()
    {
        var error = Specs.SingleError(Edit("steps: 400", "steps: \"400\""));
        Assert.Contains("train.steps must be a whole number", error.Problem);
    }

    [Theory]
    [InlineData("lr: 0.05", "lr: 0", "optimizer.lr must be > 0, got 0")]
    [InlineData("lr: 0.05", "lr: -1", "optimizer.lr must be > 0, got -1")]
    [InlineData("steps: 400", "steps: 0", "train.steps must be >= 1, got 0")]
    [InlineData("n_train: 8", "n_train: 0", "data.n_train must be >= 1, got 0")]
    [InlineData("noise: 0.0", "noise: -0.5", "data.target.noise must be >= 0 and <= 1000000, got -0.5")]
    public void An_out_of_range_value_names_the_range(string from, string to, string expected)
    {
        var error = Specs.SingleError(Edit(from, to));
        Assert.Contains(expected, error.Problem);
        Assert.True(error.Where.Line > 1);
    }

    [Fact]
    public void A_value_bounded_by_another_field_is_checked_against_it()
    {
        var error = Specs.SingleError(Edit("nonzeros: 3", "nonzeros: 30"));
        Assert.Contains("data.target.nonzeros = 30 exceeds data.features = 20", error.Problem);
    }

    [Fact]
    public void An_unknown_kind_lists_the_known_kinds_with_a_suggestion()
    {
        var error = Specs.SingleError(Edit("kind: gd,", "kind: gdd,"));
        Assert.Equal(5, error.Where.Line);
        Assert.Contains("unknown optimizer kind 'gdd'", error.Problem);
        Assert.Contains("known kinds: gd, sgd", error.Fix);
        Assert.Contains("did you mean 'gd'?", error.Fix);
    }

    [Fact]
    public void An_unknown_kind_in_shorthand_form_is_reported_at_the_value()
    {
        var error = Specs.SingleError(Edit("init: zeros", "init: zeroes"));
        Assert.Equal(new Mark("test.yaml", 4, 7), error.Where);
        Assert.Contains("did you mean 'zeros'?", error.Fix);
    }

    [Fact]
    public void A_sweep_path_that_does_not_exist_points_at_the_sweep_entry()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nsweep:\n  optimizer.lrr: [0.1, 0.2]\n");
        Assert.Equal(new Mark("test.yaml", 10, 3), error.Where);
        Assert.Contains("unknown key 'lrr'", error.Problem);
        Assert.Contains("did you mean 'lr'?", error.Fix);
    }

    [Fact]
    public void A_sweep_root_that_does_not_exist_is_rejected()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nsweep:\n  optimiser.lr: [0.1, 0.2]\n");
        Assert.Contains("sweep path 'optimiser.lr' does not exist", error.Problem);
        Assert.Contains("did you mean 'optimizer'?", error.Fix);
    }

    [Fact]
    public void A_bad_swept_value_is_reported_at_that_value()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nsweep:\n  optimizer.lr: [0.1, -2]\n");
        Assert.Equal(new Mark("test.yaml", 10, 23), error.Where);
        Assert.Contains("optimizer.lr must be > 0, got -2", error.Problem);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("Has Spaces")]
    public void A_name_with_path_characters_is_rejected(string name)
    {
        var error = Specs.SingleError(Edit("name: tiny", $"name: \"{name}\""));
        Assert.Equal(new Mark("test.yaml", 1, 7), error.Where);
        Assert.Contains("not a safe folder name", error.Problem);
    }

    [Fact]
    public void A_yaml_syntax_error_is_positioned()
    {
        var error = Specs.SingleError(Edit("seeds: [0, 1]", "seeds: [0, 1"));
        Assert.StartsWith("YAML syntax error", error.Problem);
        Assert.True(error.Where.Line >= 7);
    }

    [Fact]
    public void A_duplicate_key_is_rejected()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nseeds: [3]\n");
        Assert.Contains("duplicate key 'seeds'", error.Problem);
        Assert.Equal(9, error.Where.Line);
    }

    [Fact]
    public void A_missing_file_names_the_file()
    {
        var e = Assert.Throws<SpecException>(() => SpecBinder.Load("no/such/spec.yaml", Repro.Engine.Registry.Registries.Catalog));
        var error = Assert.Single(e.Errors);
        Assert.Equal("no/such/spec.yaml:1:1: spec file not found", error.ToString().Split(';')[0]);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var e = Assert.Throws<SpecException>(() => Specs.Parse(Edit("lr: 0.05", "lr: -1").Replace("steps: 400", "steps: 0") + "\nbogus: 1\n"));
        Assert.Equal(3, e.Errors.Count);
    }

    [Fact]
    public void A_claim_on_a_metric_the_spec_does_not_record_says_how_to_record_it()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nclaims:\n  - { id: c, metric: test_loss, expect: \"< 1\" }\n");
        Assert.Contains("metric 'test_loss' is not recorded", error.Problem);
        Assert.Contains("add test_loss to `metrics:`", error.Fix);
    }

    [Fact]
    public void A_claim_filter_that_matches_no_trial_lists_the_values_present()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nclaims:\n  - { id: c, where: { init.kind: normal }, metric: train_loss, expect: \"< 1\" }\n");
        Assert.Contains("matches no trial", error.Problem);
        Assert.Contains("zeros", error.Fix);
    }

    [Fact]
    public void A_claim_at_an_unrecorded_step_is_rejected()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nclaims:\n  - { id: c, metric: train_loss, at: step 75, expect: \"< 1\" }\n");
        Assert.Contains("step 75 is not a recorded step", error.Problem);
    }

    [Fact]
    public void A_malformed_expectation_shows_the_form()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nclaims:\n  - { id: c, metric: train_loss, expect: \"about 1\" }\n");
        Assert.Contains("expect must be a comparison", error.Problem);
        Assert.Contains("\"< 1e-6\"", error.Fix);
    }

    [Fact]
    public void A_claim_may_compare_with_another_recorded_metric_at_another_step()
    {
        var spec = Specs.Parse(Specs.Tiny + "\nclaims:\n  - { id: c, metric: train_loss, expect: \"< 0.5 * train_loss at step 50\" }\n");
        var expect = spec.Claims[0].Expect!;
        Assert.Equal(("<", 0.5, "train_loss", "step 50"), (expect.Op, expect.Bound, expect.Metric, expect.OtherAt?.ToString()));
    }

    [Fact]
    public void A_claim_comparing_with_an_unrecorded_metric_is_rejected()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nclaims:\n  - { id: c, metric: train_loss, expect: \"< dist_to_min_nrm\" }\n");
        Assert.Contains("which this spec does not record", error.Problem);
        Assert.Contains("did you mean 'dist_to_min_norm'?", error.Fix);
    }

    [Fact]
    public void A_trend_claim_needs_a_numeric_swept_path()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nclaims:\n  - { id: c, metric: train_loss, monotone: increasing in optimizer.lr }\n");
        Assert.Contains("'optimizer.lr' takes a single value in this spec", error.Problem);
        var ok = Specs.Parse(Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02] }\nclaims:\n  - { id: c, metric: train_loss, monotone: decreasing in optimizer.lr }\n");
        Assert.Equal(new Repro.Core.Spec.Monotone(new Repro.Core.Claims.Trends.Decreasing(), "optimizer.lr"), ok.Claims[0].Monotone);
    }

    [Fact]
    public void A_claim_with_both_expect_and_monotone_is_rejected()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02] }\nclaims:\n  - { id: c, metric: train_loss, expect: \"< 1\", monotone: decreasing in optimizer.lr }\n");
        Assert.Contains("exactly one of `expect:` and `monotone:`", error.Problem);
    }

    [Fact]
    public void A_figure_x_may_be_a_metric_or_a_swept_path_but_nothing_else()
    {
        var spec = Specs.Parse(Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02] }\nfigures:\n  - { id: a, x: optimizer.lr, y: [train_loss, dist_to_min_norm] }\n  - { id: b, x: train_loss, y: dist_to_min_norm }\n");
        Assert.Equal([Repro.Core.Spec.FigureX.Path, Repro.Core.Spec.FigureX.Metric], spec.Figures.Select(f => f.XKind));
        var error = Specs.SingleError(Specs.Tiny + "\nfigures:\n  - { id: a, x: epoch, y: train_loss }\n");
        Assert.Contains("unknown x 'epoch'", error.Problem);
    }

    // Tiny has 8 lines; `sweep:` is line 9, `figures:` 10, the figure 11, after "  - " (its `{` in column 5).
    const string KindSweep = "\nsweep: { optimizer.lr: [0.01, 0.02], init.kind: [zeros, normal] }\nfigures:\n";

    [Fact]
    public void Scatter_and_bar_figures_bind_with_their_kind()
    {
        var spec = Specs.Parse(Specs.Tiny + KindSweep
            + "  - { id: a, kind: scatter, x: train_loss, y: dist_to_min_norm, series: init.kind, scale: { x: log, y: log } }\n"
            + "  - { id: b, kind: bar, x: init.kind, y: [train_loss, dist_to_min_norm], scale: { y: log } }\n"
            + "  - { id: c, kind: scatter, x: optimizer.lr, y: train_loss }\n"
            + "  - { id: d, y: train_loss }\n");
        Assert.Equal(["scatter", "bar", "scatter", "line"], spec.Figures.Select(f => f.Kind.Name));
        Assert.Equal([FigureX.Metric, FigureX.Path, FigureX.Path, FigureX.Step], spec.Figures.Select(f => f.XKind));
    }

    [Fact]
    public void An_unknown_figure_kind_names_its_position_and_suggests_the_right_one()
    {
        var error = Specs.SingleError(Specs.Tiny + KindSweep + "  - { id: a, kind: scater, x: train_loss, y: dist_to_min_norm }\n");
        Assert.Equal(new Mark("test.yaml", 11, 20), error.Where);
        Assert.Contains("unknown figure kind 'scater'", error.Problem);
        Assert.Contains("line, scatter, bar", error.Fix);
        Assert.Contains("did you mean 'scatter'?", error.Fix);
    }

    [Theory]
    [InlineData("{ id: a, kind: scatter, y: train_loss }", 11, 5, "a scatter figure needs `x:`: it plots final values, one marker per trial", "`kind: line`")]
    [InlineData("{ id: a, kind: scatter, x: step, y: train_loss }", 11, 32, "x = step does not fit a scatter figure", "a recorded metric or a numeric swept path")]
    [InlineData("{ id: a, kind: scatter, x: init.kind, y: train_loss }", 11, 32, "x = init.kind of a scatter figure has values that are not numbers (zeros, normal)", "`kind: bar`")]
    [InlineData("{ id: a, kind: bar, y: train_loss }", 11, 5, "a bar figure needs `x:`, a swept path whose values are the categories", "x: optimizer.kind")]
    [InlineData("{ id: a, kind: bar, x: step, y: train_loss }", 11, 28, "a bar figure needs a swept path as x (its values are the categories), got step", "`kind: line`")]
    [InlineData("{ id: a, kind: bar, x: train_loss, y: dist_to_min_norm }", 11, 28, "got the metric train_loss", "`kind: scatter`")]
    [InlineData("{ id: a, kind: bar, x: init.kind, y: train_loss, scale: { x: log } }", 11, 66, "scale x: log does not apply to a bar figure", "a log y axis is allowed")]
    public void A_figure_kind_rejects_an_x_it_cannot_draw(string figure, int line, int column, string problem, string fix)
    {
        var error = Specs.SingleError(Specs.Tiny + KindSweep + "  - " + figure + "\n");
        Assert.Equal(new Mark("test.yaml", line, column), error.Where);
        Assert.Contains(problem, error.Problem);
        Assert.Contains(fix, error.Fix);
    }

    [Fact]
    public void A_linked_sweep_value_must_give_one_value_per_path()
    {
        var error = Specs.SingleError(Specs.Tiny + "\nsweep:\n  init.kind+optimizer.lr: [[zeros, 0.05], [normal]]\n");
        Assert.Equal(new Mark("test.yaml", 10, 43), error.Where);
        Assert.Contains("must list 2 values, one per path", error.Problem);
    }
}
