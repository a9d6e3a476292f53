using System.Text;
using System.Text.RegularExpressions;
using OxyPlot;
using OxyPlot.Annotations;
using Repro.Core.Figures;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Tests.Support;

namespace Repro.Tests.Figures;

/// <summary>
/// A figure's `axes:`, `reference:`, `band:` and `size:`: checked at their node when the spec is bound, and drawn as
/// the spec says; and what every figure now is (SVG and PDF from one drawing, ids of its own, a title per line).
/// </summary>
public partial class FigureStyleTests
{
    // Two step sizes and three seeds; sharpness is recorded, so a reference line of 2/η has a number per trial.
    const string Spec = """
        name: styled
        data: { kind: gaussian-regression, n_train: 8, n_test: 16, features: 20, target: { kind: sparse-linear, nonzeros: 3, noise: 0.0 } }
        model: linear
        init: zeros
        optimizer: { kind: gd, lr: 0.05 }
        train: { steps: 40, log_every: 10 }
        seeds: [0, 1, 2]
        sweep: { optimizer.lr: [0.05, 0.1] }
        metrics: [train_loss, dist_to_min_norm]
        figures:
          - id: loss
            y: train_loss
            series: optimizer.lr
        """;

    static string With(string figureLines) => Spec + "\n" + string.Join("\n", figureLines.Split('\n').Select(l => "    " + l));

    [Theory]
    [InlineData("axes: { y: { titel: x } }", 14, 18, "unknown key 'titel' in axes.y")]
    [InlineData("scale: { y: log }\naxes: { y: { min: 0 } }", 15, 23, "axes.y.min is 0 on a log axis")]
    [InlineData("axes: { x: { min: 5, max: 5 } }", 14, 31, "axes.x.max (5) is not above min (5)")]
    [InlineData("axes: { x: { min: lots } }", 14, 23, "axes.x.min must be a number")]
    [InlineData("band: quartiles", 14, 11, "unknown band 'quartiles'")]
    [InlineData("size: { width: 100 }", 14, 20, "size.width must be a whole number of pixels from 240 to 2400")]
    [InlineData("reference: [{ y: 2 / optimizer.rate }]", 14, 26, "reference y: 'optimizer.rate' is not a number in every trial of the figure")]
    [InlineData("reference: [{ y: 2 / optimizer.kind }]", 14, 26, "reference y: 'optimizer.kind' is not a number in every trial of the figure")]
    [InlineData("reference: [{ y: 1, x: 2 }]", 14, 17, "a reference line sets one of x or y")]
    [InlineData("reference: [{ y: 2 / }]", 14, 25, "reference y:")] // where the missing operand should be
    [InlineData("scale: { y: log }\nreference: [{ y: 1 - 20 * optimizer.lr }]", 15, 22, "which cannot be drawn on a log axis")]
    public void A_figure_style_error_points_at_its_node(string lines, int line, int column, string problem)
    {
        var error = Specs.SingleError(With(lines));
        Assert.Contains(problem, error.Problem);
        Assert.Equal((line, column), (error.Where.Line, error.Where.Column));
        Assert.NotEmpty(error.Fix);
    }

    [Fact]
    public void Band_belongs_to_line_figures()
    {
        var error = Specs.SingleError(Spec.Replace("series: optimizer.lr", "kind: bar\n    x: optimizer.lr\n    band: iqr", StringComparison.Ordinal));
        Assert.Contains("band is drawn by line figures, not by a bar figure", error.Problem);
    }

    [Fact]
    public void The_default_style_written_out_hashes_as_none_and_a_reference_changes_the_hash()
    {
        string plain = Specs.Parse(Spec).Hash;
        Assert.Equal(plain, Specs.Parse(With("band: minmax\nsize: { width: 720, height: 450 }")).Hash);
        // Two spellings of one expression are one canonical text.
        Assert.Equal(Specs.Parse(With("reference: [{ y: 2/optimizer.lr }]")).Hash, Specs.Parse(With("reference: [{ y: (2) / optimizer.lr }]")).Hash);
        Assert.NotEqual(plain, Specs.Parse(With("reference: [{ y: 2 / optimizer.lr }]")).Hash);
    }

    // A made-up final loss per trial: it differs by seed and step size, so lines and bands have something to show.
    static double Final(Trial t, string metric) => 0.01 * (1 + t.Seed * t.Seed) * FakeResults.Number(t, "optimizer.lr");

    static (PlotDrawing Drawing, FigureFiles Files) Draw(string figureLines)
    {
        var (plan, results) = FakeResults.For(With(figureLines), Final);
        var figure = plan.Spec.Figures.Single();
        var drawing = FigureRenderer.Draw(figure, plan, results);
        return (drawing, FigureRenderer.Export(drawing, figure, plan));
    }

    [Fact]
    public void A_reference_of_config_values_draws_one_line_per_value_in_its_series_colour()
    {
        var (drawing, _) = Draw("reference: [{ y: 2 / optimizer.lr, label: 2/η }, { y: 3 }]");
        var lines = drawing.Model.Annotations.OfType<LineAnnotation>().ToList();
        // 2/η per step size (0.05 → 40, 0.1 → 20), each in its series' colour; the constant once, in grey.
        Assert.Equal([20.0, 40.0, 3.0], lines.Select(l => l.Y));
        Assert.Equal(drawing.SeriesColors["optimizer.lr = 0.1"], lines[0].Color);
        Assert.Equal(drawing.SeriesColors["optimizer.lr = 0.05"], lines[1].Color);
        Assert.DoesNotContain(lines[2].Color, drawing.SeriesColors.Values);
        Assert.Equal(["2/η = 20", "2/η = 40", "3"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(AnnotationLayer.BelowSeries, l.Layer));
    }

    [Fact]
    public void Axis_titles_and_limits_are_the_specs_and_reference_lines_widen_the_axis_to_be_seen()
    {
        var (drawing, files) = Draw("axes: { x: { title: gradient steps, min: 10 }, y: { title: loss } }\nreference: [{ y: 2 / optimizer.lr }]");
        var texts = Svg.Texts(files.Svg);
        Assert.Contains("gradient steps", texts);
        Assert.Contains("loss", texts);
        var x = drawing.Model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Bottom);
        var y = drawing.Model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Left);
        Assert.Equal(10, x.Minimum);
        Assert.True(y.Maximum >= 40, $"the y axis ends at {y.Maximum}, below the reference line at 40");
    }

    [Fact]
    public void An_iqr_band_spans_the_quartiles_and_none_draws_no_band()
    {
        // Five seeds: the quartiles of five values are their second and fourth (numpy's linear rule lands on them).
        var (plan, results) = FakeResults.For(With("band: iqr").Replace("seeds: [0, 1, 2]", "seeds: [4, 0, 3, 1, 2]", StringComparison.Ordinal), Final);
        var plot = FigureBuilder.Build(plan.Spec.Figures.Single(), plan, results);
        var line = plot.Series.First(s => s.Label == "optimizer.lr = 0.05");
        int last = line.X.Count - 1;
        var finals = plan.Trials.Where(t => FakeResults.Number(t, "optimizer.lr") == 0.05).Select(t => Final(t, "train_loss")).Order().ToList();
        Assert.Equal(finals[1], line.Low[last]);
        Assert.Equal(finals[3], line.High[last]);
        Assert.Contains("interquartile range", plot.YLabel);

        var (_, none) = Draw("band: none");
        Assert.DoesNotContain("fill-opacity", Encoding.UTF8.GetString(none.Svg));
    }

    [Fact]
    public void Size_sets_the_svgs_pixels_and_the_pdfs_points()
    {
        var (_, files) = Draw("size: { width: 480, height: 300 }");
        var root = Svg.Parse(files.Svg).Root!;
        Assert.Equal(("480", "300"), ((string?)root.Attribute("width"), (string?)root.Attribute("height")));
        Assert.Matches(@"/MediaBox \[0 0 480 300\]", Encoding.Latin1.GetString(files.Pdf));
    }

    [Fact]
    public void Each_data_line_has_a_title_a_browser_shows_and_ids_are_the_figures_own()
    {
        var (_, files) = Draw("");
        var svg = Svg.Parse(files.Svg);
        var titled = svg.Descendants().Where(e => e.Name.LocalName == "polyline" && e.Elements().Any(c => c.Name.LocalName == "title")).ToList();
        Assert.Equal(2, titled.Select(p => p.Elements().First().Value).Distinct().Count());
        Assert.All(titled, p => Assert.Matches(@"^optimizer\.lr = 0\.(05|1): [-\d.e]+ at x = 40; lowest", p.Elements().First().Value));
        // Every id starts with the spec's and the figure's names, and every reference to one is to an id in the file.
        var ids = svg.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.StartsWith("styled-loss-", id));
        foreach (Match m in UrlRef().Matches(Encoding.UTF8.GetString(files.Svg))) Assert.Contains(m.Groups[1].Value, ids);
    }

    [Fact]
    public void The_pdf_is_the_same_bytes_every_time_with_every_object_where_its_cross_reference_table_says()
    {
        var (_, once) = Draw("");
        var (_, again) = Draw("");
        Assert.Equal(once.Pdf, again.Pdf);
        string pdf = Encoding.Latin1.GetString(once.Pdf);
        Assert.StartsWith("%PDF-1.4\n", pdf);
        Assert.DoesNotContain("/CreationDate", pdf);
        // startxref gives the byte offset of the xref table, and each entry the offset of its object.
        int offset = int.Parse(StartXref().Match(pdf).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("xref", pdf.Substring(offset, 4));
        var entries = pdf[offset..].Split('\n').Skip(3).TakeWhile(l => l.EndsWith(" n ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(entries);
        for (var i = 0; i < entries.Count; i++)
            Assert.Equal($"{i + 1} 0 obj", pdf.Substring(int.Parse(entries[i][..10], System.Globalization.CultureInfo.InvariantCulture), $"{i + 1} 0 obj".Length));
        // Text in the bundled DejaVu Sans, embedded as a subset: no font the reader's machine would have to supply.
        Assert.Matches(@"/BaseFont /[A-Z]{6}\+DejaVuSans /Encoding /Identity-H", pdf);
        Assert.Contains("/FontFile2", pdf);
    }

    [Fact]
    public void Axes_end_at_labelled_ticks_a_lone_line_has_no_legend_and_a_log_axis_no_minor_grid()
    {
        var (drawing, files) = Draw("where: { optimizer.lr: 0.05 }\nscale: { y: log }");
        var x = drawing.Model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Bottom);
        Assert.Equal((0, 40), (x.Minimum, x.Maximum));
        Assert.Equal(0, x.Maximum % x.MajorStep);
        var y = drawing.Model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Left);
        double decades = Math.Log10(y.Maximum / y.Minimum);
        Assert.True(Math.Abs(decades - Math.Round(decades)) < 1e-9 || decades < 2.5, $"a long log axis ends at decades: {y.Minimum}..{y.Maximum}");
        var texts = Svg.Texts(files.Svg);
        Assert.Contains("0", texts);
        Assert.Contains("40", texts);
        Assert.Empty(drawing.Model.Legends);
        Assert.Equal(OxyPlot.LineStyle.None, y.MinorGridlineStyle);
    }

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlRef();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();
}
