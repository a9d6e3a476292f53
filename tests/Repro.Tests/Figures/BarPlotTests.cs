using System.Security.Cryptography;
using Repro.Core.Figures;
using Repro.Tests.Support;

namespace Repro.Tests.Figures;

public class BarPlotTests
{
    // Sweep order deliberately not numeric: 0.05 first.
    const string Yaml = Specs.Tiny + "\nsweep: { optimizer.lr: [0.05, 0.01, 0.02], init.kind: [zeros, normal] }\nfigures:\n";

    static (BarPlot Plot, Repro.Core.Plan.TrialPlan Plan) Build(string figure, Func<Repro.Core.Plan.Trial, bool>? diverged = null)
    {
        // Final value = lr × (1 + seed) for train_loss, 10 × that for dist_to_min_norm; normal init doubles it.
        var (plan, results) = FakeResults.For(Yaml + "  - " + figure + "\n",
            (t, m) => FakeResults.Number(t, "optimizer.lr") * (1 + t.Seed) * (m == "train_loss" ? 1 : 10)
                * (t.Value("init.kind")!.ToString() == "normal" ? 2 : 1), diverged);
        return (BarBuilder.Build(plan.Spec.Figures[0], plan, results), plan);
    }

    [Fact]
    public void There_is_one_bar_per_category_and_group_over_the_seeds_of_its_cell()
    {
        var (plot, plan) = Build("{ id: b, kind: bar, x: optimizer.lr, y: train_loss, series: init.kind }");

        Assert.Equal(["0.01", "0.02", "0.05"], plot.Categories);
        Assert.Equal(["init.kind = zeros", "init.kind = normal"], plot.Groups);
        Assert.Equal(6, plot.Bars.Count);
        Assert.Equal(6, plot.Bars.Select(b => (b.Category, b.Group)).Distinct().Count());
        Assert.All(plot.Bars, b => Assert.Equal(plan.Spec.Seeds.Count, b.Trials));
        // lr 0.02, normal init, seeds 0 and 1: 0.04 and 0.08; median of two is their mean.
        var bar = plot.Bars.Single(b => b.Category == 1 && b.Group == 1);
        Assert.Equal(0.06, bar.Median, 12);
        Assert.Equal(0.04, bar.Low, 12);
        Assert.Equal(0.08, bar.High, 12);
    }

    [Fact]
    public void Non_numeric_categories_keep_sweep_order_and_a_list_of_y_metrics_makes_the_groups()
    {
        var (plot, _) = Build("{ id: b, kind: bar, x: init.kind, y: [train_loss, dist_to_min_norm], where: { optimizer.lr: 0.01 } }");

        Assert.Equal(["zeros", "normal"], plot.Categories);
        Assert.Equal(["train_loss", "dist_to_min_norm"], plot.Groups);
        Assert.Equal(4, plot.Bars.Count);
        Assert.Equal(0.15, plot.Bars.Single(b => b.Category == 0 && b.Group == 1).Median, 12);
    }

    [Fact]
    public void A_cell_with_a_diverged_trial_has_no_value_and_is_marked_not_available()
    {
        var (plot, _) = Build("{ id: b, kind: bar, x: optimizer.lr, y: train_loss, series: init.kind }",
            diverged: t => t.Seed == 1 && t.Value("init.kind")!.ToString() == "normal" && FakeResults.Number(t, "optimizer.lr") == 0.02);

        var bar = plot.Bars.Single(b => b.Category == 1 && b.Group == 1);
        Assert.True(double.IsNaN(bar.Median));
        Assert.Equal(5, plot.Bars.Count(b => double.IsFinite(b.Median)));
        Assert.Contains("n/a", Svg.Texts(SvgBarPlot.Render(plot)));
    }

    [Fact]
    public void The_labels_say_what_a_bar_and_a_whisker_are()
    {
        var (plot, _) = Build("{ id: b, kind: bar, x: optimizer.lr, y: train_loss, series: init.kind }");

        Assert.Equal("optimizer.lr (bars: median over 2 seeds; whiskers: min–max)", plot.XLabel);
        Assert.Equal("train_loss (final)", plot.YLabel);
        var texts = Svg.Texts(SvgBarPlot.Render(plot));
        Assert.Contains(plot.XLabel, texts);
        Assert.Contains("0.05", texts);
        Assert.Contains("init.kind = normal", texts);
    }

    [Theory]
    [InlineData("{ id: b, kind: bar, x: optimizer.lr, y: train_loss, series: init.kind }")]
    [InlineData("{ id: b, kind: bar, x: init.kind, y: [train_loss, dist_to_min_norm], scale: { y: log } }")]
    public void Rendering_the_same_bars_twice_gives_identical_bytes(string figure)
    {
        var (plot, _) = Build(figure);
        var first = SvgBarPlot.Render(plot);

        Assert.Equal(SHA256.HashData(first), SHA256.HashData(SvgBarPlot.Render(Build(figure).Plot)));
        Assert.Equal("svg", Svg.Parse(first).Root!.Name.LocalName);
        var changed = plot with { Bars = [plot.Bars[0] with { Median = plot.Bars[0].Median * 1.5 }, .. plot.Bars.Skip(1)] };
        Assert.NotEqual(SHA256.HashData(first), SHA256.HashData(SvgBarPlot.Render(changed)));
    }

    [Fact]
    public void A_log_axis_draws_bars_from_a_power_of_ten_below_the_smallest_value_and_marks_non_positive_ones()
    {
        var plot = new BarPlot("t", "x", "y", AxisScale.Log, ["a", "b"], ["g"],
            [new Bar(0, 0, 1e-15, 5e-16, 2e-15, 3), new Bar(1, 0, 0, 0, 0, 3)]);

        Assert.Equal(1e-16, SvgBarPlot.Floor(plot));
        Assert.Equal(0, SvgBarPlot.Floor(plot with { YScale = AxisScale.Linear }));
        Assert.Contains("n/a", Svg.Texts(SvgBarPlot.Render(plot)));
        Assert.DoesNotContain("n/a", Svg.Texts(SvgBarPlot.Render(plot with { YScale = AxisScale.Linear })));
    }

    [Fact]
    public void A_bar_of_height_zero_is_labelled_so_that_it_does_not_look_missing()
    {
        BarPlot With(double second) => new("t", "x", "y", AxisScale.Linear, ["a", "b"], ["g"],
            [new Bar(0, 0, 1, 1, 1, 1), new Bar(1, 0, second, second, second, 1)]);

        int Zeros(BarPlot plot) => Svg.Texts(SvgBarPlot.Render(plot)).Count(t => t == "0");

        Assert.Equal(Zeros(With(0.5)) + 1, Zeros(With(0)));
    }
}
