using System.Globalization;
using System.Security.Cryptography;
using Repro.Core.Figures;
using Repro.Tests.Support;

namespace Repro.Tests.Figures;

public class ScatterPlotTests
{
    const string Yaml = Specs.Tiny + "\nseeds: [0, 1, 2]\nsweep: { optimizer.lr: [0.05, 0.01, 0.02], init.kind: [zeros, normal] }\nfigures:\n";

    static (ScatterPlot Plot, int Trials) Build(string figure, Func<Repro.Core.Plan.Trial, bool>? diverged = null)
    {
        // train_loss = lr × (1 + seed); dist_to_min_norm = 100 × train_loss.
        var (plan, results) = FakeResults.For(Yaml.Replace("seeds: [0, 1]\n", "") + "  - " + figure + "\n",
            (t, m) => FakeResults.Number(t, "optimizer.lr") * (1 + t.Seed) * (m == "train_loss" ? 1 : 100), diverged);
        return (ScatterBuilder.Build(plan.Spec.Figures[0], plan, results), plan.Trials.Count);
    }

    [Fact]
    public void There_is_one_marker_per_trial_at_its_final_values()
    {
        var (plot, trials) = Build("{ id: s, kind: scatter, x: train_loss, y: dist_to_min_norm }");

        Assert.Equal(18, trials);
        var group = Assert.Single(plot.Groups);
        Assert.Equal(trials, group.Points.Count);
        Assert.All(group.Points, p => Assert.Equal(100 * p.X, p.Y, 12));
        // Nothing is aggregated: both inits of lr 0.02, seed 2, land on the same spot and are two markers.
        Assert.Equal(2, group.Points.Count(p => Math.Abs(p.X - 0.06) < 1e-12));
        Assert.Equal("train_loss (final; one marker per trial)", plot.XLabel);
        Assert.Equal("dist_to_min_norm (final)", plot.YLabel);
    }

    [Fact]
    public void A_series_colours_the_markers_and_each_y_metric_gets_its_own_group()
    {
        var (plot, trials) = Build("{ id: s, kind: scatter, x: optimizer.lr, y: [train_loss, dist_to_min_norm], series: init.kind, scale: { x: log, y: log } }");

        Assert.Equal(["train_loss, init.kind = zeros", "train_loss, init.kind = normal", "dist_to_min_norm, init.kind = zeros", "dist_to_min_norm, init.kind = normal"],
            plot.Groups.Select(g => g.Label));
        Assert.All(plot.Groups, g => Assert.Equal(trials / 2, g.Points.Count));
        Assert.Equal([0.01, 0.02, 0.05], plot.Groups[0].Points.Select(p => p.X).Distinct().Order());
        Assert.Equal("optimizer.lr (one marker per trial)", plot.XLabel);
    }

    [Fact]
    public void A_diverged_trial_keeps_its_place_in_the_data_but_draws_no_marker()
    {
        var (plot, trials) = Build("{ id: s, kind: scatter, x: train_loss, y: dist_to_min_norm }", diverged: t => t.Seed == 2);

        var points = Assert.Single(plot.Groups).Points;
        Assert.Equal(trials, points.Count);
        Assert.Equal(trials / 3, points.Count(p => double.IsNaN(p.Y)));
        var svg = System.Text.Encoding.UTF8.GetString(SvgScatterPlot.Render(plot));
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ id: s, kind: scatter, x: train_loss, y: dist_to_min_norm }")]
    [InlineData("{ id: s, kind: scatter, x: optimizer.lr, y: [train_loss, dist_to_min_norm], series: init.kind, scale: { x: log, y: log } }")]
    public void Rendering_the_same_scatter_twice_gives_identical_bytes(string figure)
    {
        var plot = Build(figure).Plot;
        var first = SvgScatterPlot.Render(plot);

        Assert.Equal(SHA256.HashData(first), SHA256.HashData(SvgScatterPlot.Render(Build(figure).Plot)));
        Assert.Equal("svg", Svg.Parse(first).Root!.Name.LocalName);
        var moved = plot with { Groups = [plot.Groups[0] with { Points = [plot.Groups[0].Points[0] with { Y = 7 }, .. plot.Groups[0].Points.Skip(1)] }, .. plot.Groups.Skip(1)] };
        Assert.NotEqual(SHA256.HashData(first), SHA256.HashData(SvgScatterPlot.Render(moved)));
    }

    [Fact]
    public void The_bytes_do_not_depend_on_the_current_culture()
    {
        var plot = Build("{ id: s, kind: scatter, x: train_loss, y: dist_to_min_norm }").Plot;
        var invariant = SvgScatterPlot.Render(plot);
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = comma;
            Assert.Equal(SHA256.HashData(invariant), SHA256.HashData(SvgScatterPlot.Render(plot)));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
