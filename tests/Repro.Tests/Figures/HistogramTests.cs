using System.Security.Cryptography;
using Repro.Core.Figures;
using Repro.Core.Figures.Kinds;
using Repro.Core.Spec;
using Repro.Core.Spec.Yaml;
using Repro.Tests.Support;

namespace Repro.Tests.Figures;

/// <summary>`kind: histogram`, registered with one line: it binds, bins by Sturges' rule, and renders the same bytes every time.</summary>
public class HistogramTests
{
    // 3 lr × 2 init kinds × 2 seeds = 12 trials; Tiny has 8 lines, the sweep line 9, `figures:` 10, the figure 11.
    const string Yaml = Specs.Tiny + "\nsweep: { optimizer.lr: [0.01, 0.02, 0.05], init.kind: [zeros, normal] }\nfigures:\n";

    // Final train loss = 100 × lr × (1 + seed), doubled for normal init: 1, 2, 2, 4, 5, 10 for zeros and twice that for normal.
    static double Final(Repro.Core.Plan.Trial t) =>
        100 * FakeResults.Number(t, "optimizer.lr") * (1 + t.Seed) * (t.Value("init.kind")!.ToString() == "normal" ? 2 : 1);

    static (HistogramBins Bins, byte[] Svg) Build(string figure, Func<Repro.Core.Plan.Trial, bool>? diverged = null)
    {
        var (plan, results) = FakeResults.For(Yaml + "  - " + figure + "\n", (t, _) => Final(t), diverged);
        var spec = plan.Spec.Figures[0];
        return (HistogramFigure.Build(spec, plan, results), FigureRenderer.Render(spec, plan, results).Svg);
    }

    [Fact]
    public void Twelve_values_fall_into_Sturges_five_equal_bins_from_the_smallest_to_the_largest()
    {
        var (bins, _) = Build("{ id: h, kind: histogram, x: train_loss }");

        // ⌈log₂ 12⌉ + 1 = 5 bins over [1, 20], 3.8 wide; values 1 2 2 4 5 10 2 4 4 8 10 20.
        Assert.Equal([1, 4.8, 8.6, 12.4, 16.2, 20], bins.Edges, new Near(1e-12));
        var all = Assert.Single(bins.Groups);
        Assert.Equal("all trials", all.Label);
        Assert.Equal([7, 2, 2, 0, 1], all.Counts);
        Assert.Equal(0, bins.LeftOut);
        Assert.Equal("train_loss (final value; 12 trials in 5 bins)", bins.XLabel);
    }

    [Fact]
    public void A_series_splits_every_bin_into_one_bar_per_value()
    {
        var (bins, svg) = Build("{ id: h, kind: histogram, x: train_loss, series: init.kind }");

        Assert.Equal(["init.kind = zeros", "init.kind = normal"], bins.Groups.Select(g => g.Label));
        Assert.Equal([4, 1, 1, 0, 0], bins.Groups[0].Counts);
        Assert.Equal([3, 1, 1, 0, 1], bins.Groups[1].Counts);
        // One filled rectangle per non-empty (bin, group); the legend names both groups.
        Assert.Equal(7, Bars(svg).Count);
        Assert.Contains("init.kind = normal", Svg.Texts(svg));
    }

    [Fact]
    public void On_a_log_axis_the_bins_are_equal_in_decades_and_diverged_trials_are_counted_not_drawn()
    {
        var (bins, svg) = Build("{ id: h, kind: histogram, x: train_loss, scale: { x: log } }", diverged: t => t.Seed == 1 && t.Value("init.kind")!.ToString() == "normal");

        // 9 values in [1, 10] (the diverged ones were 4, 8 and 20): ⌈log₂ 9⌉ + 1 = 5 bins, a fifth of a decade each.
        Assert.Equal(Enumerable.Range(0, 6).Select(i => Math.Pow(10, i / 5.0)), bins.Edges, new Near(1e-12));
        Assert.Equal(3, bins.LeftOut);
        Assert.Equal(9, bins.Groups.Single().Counts.Sum());
        Assert.EndsWith("9 trials in 5 bins; 3 without a positive value)", bins.XLabel);
        Assert.DoesNotContain("NaN", System.Text.Encoding.UTF8.GetString(svg), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_results_render_the_same_bytes()
    {
        var (_, first) = Build("{ id: h, kind: histogram, x: train_loss, series: init.kind }");
        var (_, second) = Build("{ id: h, kind: histogram, x: train_loss, series: init.kind }");
        Assert.Equal(Convert.ToHexString(SHA256.HashData(first)), Convert.ToHexString(SHA256.HashData(second)));
        Assert.Contains("trials", Svg.Texts(first));
    }

    [Fact]
    public void Equal_values_get_one_bin_around_them()
    {
        var (plan, results) = FakeResults.For(Yaml + "  - { id: h, kind: histogram, x: train_loss }\n", (_, _) => 3);
        var bins = HistogramFigure.Build(plan.Spec.Figures[0], plan, results);
        Assert.Equal([1.5, 4.5], bins.Edges);
        Assert.Equal([12], bins.Groups.Single().Counts);
    }

    [Fact]
    public void A_histogram_binds_without_y_and_hashes_its_kind()
    {
        var spec = Specs.Parse(Yaml + "  - { id: h, kind: histogram, x: train_loss, series: init.kind }\n");
        var figure = Assert.Single(spec.Figures);
        Assert.Equal(("histogram", FigureX.Metric), (figure.Kind.Name, figure.XKind));
        Assert.Empty(figure.Y);
        Assert.Equal("histogram", Canonical.Of(spec)["figures"]![0]!["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{ id: h, kind: histogram }", 11, 5, "a histogram figure needs `x:`", "x: train_loss")]
    [InlineData("{ id: h, kind: histogram, x: init.kind }", 11, 34, "x = init.kind does not fit a histogram figure", "`kind: bar`")]
    [InlineData("{ id: h, kind: histogram, x: train_loss, y: dist_to_min_norm }", 11, 49, "takes no `y:`", "x: train_loss")]
    [InlineData("{ id: h, kind: histogram, x: train_loss, scale: { y: log } }", 11, 58, "scale y: log does not apply to a histogram", "x: log")]
    [InlineData("{ id: h, kind: histogam, x: train_loss }", 11, 20, "unknown figure kind 'histogam'", "did you mean 'histogram'?")]
    public void A_histogram_refuses_what_it_cannot_draw_at_the_offending_node(string figure, int line, int column, string problem, string fix)
    {
        var error = Specs.SingleError(Yaml + "  - " + figure + "\n");
        Assert.Equal(new Mark("test.yaml", line, column), error.Where);
        Assert.Contains(problem, error.Problem);
        Assert.Contains(fix, error.Fix);
    }

    [Theory]
    [InlineData("{ id: h, kind: histogram, x: train_loss }", true)]
    [InlineData("{ id: h, kind: histogram, x: train_loss, y: train_loss }", false)]
    [InlineData("{ id: h, kind: line, x: step }", false)]
    [InlineData("{ id: h, x: step }", false)]
    [InlineData("{ id: h, y: train_loss }", true)]
    public void The_schema_takes_y_from_every_kind_but_the_histogram(string figure, bool valid)
    {
        var errors = SchemaCheck.Errors("name: a\nfigures:\n  - " + figure + "\n");
        Assert.True(valid == (errors.Count == 0), string.Join("; ", errors));
    }

    // The data bars: white-outlined rectangles drawn with crisp edges (the legend's swatches are not crisp-edged).
    static List<System.Xml.Linq.XElement> Bars(byte[] svg) => Svg.Parse(svg).Descendants()
        .Where(e => e.Name.LocalName == "rect" && (string?)e.Attribute("shape-rendering") == "crispEdges"
            && ((string?)e.Attribute("style") ?? "").Contains("stroke:rgb(255,255,255)", StringComparison.Ordinal))
        .ToList();

    sealed class Near(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(y));

        public int GetHashCode(double obj) => 0;
    }
}
