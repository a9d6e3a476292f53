using Repro.Core.Figures;
using Repro.Tests.Support;

namespace Repro.Tests.Figures;

/// <summary>
/// Every published figure, rendered again from the published metrics: a fast guard (no training) that a change to
/// the figure code leaves the published SVG bytes alone.
/// </summary>
public class PublishedFiguresTests
{
    public static TheoryData<string> Published() => new(PublishedResults.Names());

    [Theory]
    [MemberData(nameof(Published))]
    public void Published_figures_render_again_byte_for_byte_from_the_published_metrics(string name)
    {
        var (plan, results) = PublishedResults.Load(name);
        Assert.NotEmpty(plan.Spec.Figures);
        foreach (var figure in plan.Spec.Figures)
        {
            var published = File.ReadAllBytes(Repo.Path("results", name, "figures", figure.Id + ".svg"));
            var rendered = FigureRenderer.Render(figure, plan, results);
            Assert.True(published.AsSpan().SequenceEqual(rendered), $"results/{name}/figures/{figure.Id}.svg differs when rendered again");
        }
    }

    // A spec's own text plus one more figure (every bundled spec ends with its `figures:` list).
    static string WithFigure(string name, string figure) =>
        File.ReadAllText(Repo.Path("specs", name + ".yaml")).TrimEnd() + "\n  - " + figure + "\n";

    [Fact]
    public void A_bar_figure_of_published_results_has_a_bar_per_optimizer_and_margin_gap()
    {
        var (plan, results) = PublishedResults.Load("optimizer-geometry", WithFigure("optimizer-geometry",
            "{ id: final-margin-gaps, kind: bar, x: optimizer.kind, y: [margin_gap, l1_margin_gap, linf_margin_gap], scale: { y: log } }"));
        var figure = plan.Spec.Figures[^1];

        var plot = BarBuilder.Build(figure, plan, results);

        Assert.Equal(["gd", "sign-gd", "coordinate-descent"], plot.Categories);
        Assert.Equal(["margin_gap", "l1_margin_gap", "linf_margin_gap"], plot.Groups);
        Assert.Equal(9, plot.Bars.Select(b => (b.Category, b.Group)).Distinct().Count());
        Assert.All(plot.Bars, b => Assert.True(b.Trials == 3 && b.Low <= b.Median && b.Median <= b.High));
        // Each optimizer is nearest its own geometry's maximal margin: GD L2, sign GD L∞, coordinate descent L1.
        Assert.Equal([0, 2, 1], plot.Categories.Select((_, c) => plot.Bars.Where(b => b.Category == c).MinBy(b => b.Median)!.Group));
        Assert.Equal(FigureRenderer.Render(figure, plan, results), FigureRenderer.Render(figure, plan, results));
    }

    [Fact]
    public void A_scatter_figure_of_published_results_has_a_marker_per_trial()
    {
        var (plan, results) = PublishedResults.Load("diagonal-nets", WithFigure("diagonal-nets",
            "{ id: every-seed, kind: scatter, x: init.value, y: dist_to_min_l1, scale: { x: log, y: log } }"));
        var figure = plan.Spec.Figures[^1];

        var plot = ScatterBuilder.Build(figure, plan, results);

        var points = Assert.Single(plot.Groups).Points;
        Assert.Equal(plan.Trials.Count, points.Count);
        Assert.Equal(plan.Trials.Select(t => Repro.Core.Claims.ClaimChecker.Numeric(t.Value("init.value"))!.Value), points.Select(p => p.X));
        Assert.All(points, p => Assert.True(p.Y > 0));
        Assert.Equal(FigureRenderer.Render(figure, plan, results), FigureRenderer.Render(figure, plan, results));
    }
}
