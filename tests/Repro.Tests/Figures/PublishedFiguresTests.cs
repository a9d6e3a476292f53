using Repro.Core.Figures;
using Repro.Tests.Support;

namespace Repro.Tests.Figures;

/// <summary>
/// The new figure kinds on real published data (read back, no training). That published figures render again
/// byte for byte is checked with every other artifact in Artifacts/PublishedResultsReaderTests.
/// </summary>
public class PublishedFiguresTests
{
    [Fact]
    public void A_bar_figure_of_published_results_has_a_bar_per_optimizer_and_margin_gap()
    {
        var (plan, results) = Published.Load("optimizer-geometry");
        var figure = plan.Spec.Figures.Single(f => f.Id == "final-margin-gaps");

        var plot = BarBuilder.Build(figure, plan, results);

        Assert.Equal(["gd", "sign-gd", "coordinate-descent"], plot.Categories);
        Assert.Equal(["margin_gap", "l1_margin_gap", "linf_margin_gap"], plot.Groups);
        Assert.Equal(9, plot.Bars.Select(b => (b.Category, b.Group)).Distinct().Count());
        Assert.All(plot.Bars, b => Assert.True(b.Trials == 3 && b.Low <= b.Median && b.Median <= b.High));
        // Each optimizer is nearest its own geometry's maximal margin: GD L2, sign GD L∞, coordinate descent L1.
        Assert.Equal([0, 2, 1], plot.Categories.Select((_, c) => plot.Bars.Where(b => b.Category == c).MinBy(b => b.Median)!.Group));
        var (once, again) = (FigureRenderer.Render(figure, plan, results), FigureRenderer.Render(figure, plan, results));
        Assert.Equal(once.Svg, again.Svg);
        Assert.Equal(once.Pdf, again.Pdf);
    }

    [Fact]
    public void A_scatter_figure_of_published_results_has_a_marker_per_trial()
    {
        var (plan, results) = Published.Load("diagonal-nets");
        var figure = plan.Spec.Figures.Single(f => f.Id == "distance-to-min-l1-every-seed");

        var plot = ScatterBuilder.Build(figure, plan, results);

        var points = Assert.Single(plot.Groups).Points;
        Assert.Equal(plan.Trials.Count, points.Count);
        Assert.Equal(plan.Trials.Select(t => Repro.Core.Claims.ClaimChecker.Numeric(t.Value("init.value"))!.Value), points.Select(p => p.X));
        Assert.All(points, p => Assert.True(p.Y > 0));
        var (once, again) = (FigureRenderer.Render(figure, plan, results), FigureRenderer.Render(figure, plan, results));
        Assert.Equal(once.Svg, again.Svg);
        Assert.Equal(once.Pdf, again.Pdf);
    }
}
