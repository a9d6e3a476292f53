using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Repro.Core.Figures;
using Xunit;

namespace Repro.Tests.Figures;

public class SvgLinePlotTests
{
    private static readonly double[] Steps = [0, 20, 40, 60, 80, 100];

    private static LineSeries Series(string label, params double[] median) =>
        new(label, Steps, median, median.Select(v => v * 0.8).ToArray(), median.Select(v => v * 1.2).ToArray());

    private static LinePlot Plot(AxisScale yScale, params LineSeries[] series) =>
        new("Relative distance over training", "step", "relative distance", AxisScale.Linear, yScale, series);

    private static LinePlot Realistic() => Plot(AxisScale.Log,
        Series("init.kind=zeros", 1, 1e-3, 1e-6, 1e-9, 1e-12, 1e-15),
        Series("init.kind=normal", 10, 9.5, 9.2, 9.1, 9.05, 9));

    private static XDocument Parse(byte[] svg)
    {
        // The output carries an SVG 1.1 DOCTYPE; ignore it rather than fetch the DTD.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(svg), settings);
        return XDocument.Load(reader);
    }

    private static List<string> Texts(byte[] svg) =>
        Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();

    // Median polylines are drawn 2 px wide in the series colour; count them (plus the legend key).
    private static int Polylines(byte[] svg, string rgb) =>
        Parse(svg).Descendants().Count(e => e.Name.LocalName == "polyline"
            && ((string?)e.Attribute("style") ?? "").Contains($"stroke:{rgb};stroke-width:2", StringComparison.Ordinal));

    private const string FirstColour = "rgb(0,114,178)";

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    [Fact]
    public void Rendering_the_same_plot_twice_gives_identical_bytes()
    {
        var first = SvgLinePlot.Render(Realistic());
        var second = SvgLinePlot.Render(Realistic());

        Assert.Equal(Hash(first), Hash(second));
    }

    [Fact]
    public void The_output_is_well_formed_xml_with_an_svg_root_and_no_byte_order_mark()
    {
        var svg = SvgLinePlot.Render(Realistic());

        var root = Parse(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal("http://www.w3.org/2000/svg", root.Name.NamespaceName);
        Assert.Equal("720", (string?)root.Attribute("width"));
        Assert.Equal("450", (string?)root.Attribute("height"));
        Assert.Equal((byte)'<', svg[0]);
    }

    [Fact]
    public void The_title_axis_labels_and_each_series_label_appear_as_text()
    {
        var plot = Plot(AxisScale.Log, Series("init.kind=zeros", 1, 0.1, 0.01, 1e-3, 1e-4, 1e-5),
            Series("lr<0.1 & wd=0", 2, 1, 0.5, 0.25, 0.125, 0.0625));

        var texts = Texts(SvgLinePlot.Render(plot));

        Assert.Contains("Relative distance over training", texts);
        Assert.Contains("step", texts);
        Assert.Contains("relative distance", texts);
        Assert.Contains("init.kind=zeros", texts);
        Assert.Contains("lr<0.1 & wd=0", texts);
    }

    [Fact]
    public void Each_series_gets_one_legend_entry_not_one_for_its_band()
    {
        var texts = Texts(SvgLinePlot.Render(Realistic()));

        Assert.Single(texts, t => t == "init.kind=zeros");
        Assert.Single(texts, t => t == "init.kind=normal");
    }

    [Fact]
    public void On_a_log_axis_non_positive_and_non_finite_points_are_dropped_and_break_the_line()
    {
        var clean = SvgLinePlot.Render(Plot(AxisScale.Log, Series("s", 1, 0.5, 0.25, 0.125, 0.0625, 0.03125)));
        var renders = new[] { 0.0, -1.0, double.NaN, double.NegativeInfinity, double.PositiveInfinity }
            .Select(bad => SvgLinePlot.Render(Plot(AxisScale.Log, Series("s", 1, 0.5, bad, 0.125, 0.0625, 0.03125))))
            .ToList();

        // Whatever the dropped value was, nothing of it reaches the output.
        Assert.All(renders, r => Assert.Equal(Hash(renders[0]), Hash(r)));
        Assert.DoesNotContain("NaN", Encoding.UTF8.GetString(renders[0]), StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", Encoding.UTF8.GetString(renders[0]), StringComparison.Ordinal);
        // The gap splits the median into two pieces instead of bridging it.
        Assert.Equal(Polylines(clean, FirstColour) + 1, Polylines(renders[0], FirstColour));
    }

    [Fact]
    public void On_a_log_axis_a_band_point_with_a_non_positive_bound_is_dropped()
    {
        LinePlot WithLow(double low) => Plot(AxisScale.Log, new LineSeries("s", Steps, [1, 0.5, 0.25, 0.125, 0.0625, 0.03125],
            [0.8, 0.4, low, 0.1, 0.05, 0.025], [1.2, 0.6, 0.3, 0.15, 0.075, 0.0375]));

        var zero = SvgLinePlot.Render(WithLow(0));

        Assert.Equal(Hash(zero), Hash(SvgLinePlot.Render(WithLow(-3))));
        Assert.Equal(Hash(zero), Hash(SvgLinePlot.Render(WithLow(double.NaN))));
        Assert.NotEqual(Hash(zero), Hash(SvgLinePlot.Render(WithLow(0.2))));
    }

    [Fact]
    public void On_a_linear_axis_zero_and_negative_values_are_drawn()
    {
        var zero = SvgLinePlot.Render(Plot(AxisScale.Linear, Series("s", 1, 0.5, 0, 0.125, 0.0625, 0.03125)));
        var negative = SvgLinePlot.Render(Plot(AxisScale.Linear, Series("s", 1, 0.5, -1, 0.125, 0.0625, 0.03125)));
        var clean = SvgLinePlot.Render(Plot(AxisScale.Linear, Series("s", 1, 0.5, 0.25, 0.125, 0.0625, 0.03125)));

        Assert.NotEqual(Hash(zero), Hash(negative));
        Assert.Equal(Polylines(clean, FirstColour), Polylines(zero, FirstColour));
    }

    [Fact]
    public void A_series_with_no_drawable_points_renders_and_keeps_its_legend_entry()
    {
        var plot = Plot(AxisScale.Log, Series("init.kind=zeros", 1, 0.1, 0.01, 1e-3, 1e-4, 1e-5),
            Series("all zero", 0, 0, 0, 0, 0, 0));

        Assert.Contains("all zero", Texts(SvgLinePlot.Render(plot)));
        Assert.Equal("svg", Parse(SvgLinePlot.Render(Plot(AxisScale.Log))).Root!.Name.LocalName);
    }

    [Fact]
    public void Changing_one_data_value_changes_the_bytes()
    {
        var plot = Realistic();
        var zeros = plot.Series[0];
        var median = zeros.Median.ToArray();
        median[3] *= 2;
        var changed = plot with { Series = [zeros with { Median = median }, plot.Series[1]] };

        Assert.NotEqual(Hash(SvgLinePlot.Render(plot)), Hash(SvgLinePlot.Render(changed)));
    }

    [Fact]
    public void The_bytes_do_not_depend_on_the_current_culture()
    {
        // A linear axis from 0 to 1 has fractional tick labels, where a culture could show.
        var plot = Plot(AxisScale.Linear, Series("s", 1, 0.8, 0.6, 0.4, 0.2, 0.1));
        var invariant = SvgLinePlot.Render(plot);
        // InvariantGlobalization rules out de-DE, so build a culture with comma decimals and dot grouping.
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        var saved = CultureInfo.CurrentCulture;
        byte[] local;
        try
        {
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("1,5", 1.5.ToString(CultureInfo.CurrentCulture));
            local = SvgLinePlot.Render(plot);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.Contains(Texts(local), t => t.Length > 1 && t.StartsWith("0.", StringComparison.Ordinal));
        Assert.Equal(Hash(invariant), Hash(local));
    }
}
