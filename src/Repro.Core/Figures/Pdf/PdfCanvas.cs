using System.Globalization;
using System.Text;
using OxyPlot;

namespace Repro.Core.Figures.Pdf;

/// <summary>
/// An OxyPlot render context that writes one PDF page: one unit is one point, as the SVG's is one pixel, so the PDF is
/// the SVG's drawing at the same proportions, text included. Text is set in DejaVu Sans (regular and bold, bundled with
/// repro and embedded as subsets), so every character a title uses (η, ‖, ℓ, –, ×) is drawn and can be copied, and
/// the bytes depend only on the plot: no system font, no clock, no compression whose bytes a library version decides.
/// </summary>
public sealed class PdfCanvas : ClippingRenderContext
{
    readonly double width, height;
    readonly StringBuilder content = new();
    readonly PdfFont regular = new(BundledFonts.Regular, "F1"), bold = new(BundledFonts.Bold, "F2");
    readonly List<double> alphas = [];

    public PdfCanvas(double width, double height)
    {
        this.width = width;
        this.height = height;
        RendersToScreen = false;
    }

    public override void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray, LineJoin lineJoin)
    {
        if (points.Count < 2 || !stroke.IsVisible() || thickness <= 0) return;
        Op("q");
        StrokeStyle(stroke, thickness, dashArray, lineJoin);
        Path(points, close: false);
        Op("S Q");
    }

    public override void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray, LineJoin lineJoin)
    {
        bool stroked = stroke.IsVisible() && thickness > 0, filled = fill.IsVisible();
        if (points.Count < 2 || !stroked && !filled) return;
        Op("q");
        if (filled) FillStyle(fill);
        if (stroked) StrokeStyle(stroke, thickness, dashArray, lineJoin);
        Path(points, close: true);
        Op(stroked && filled ? "b Q" : stroked ? "s Q" : "f Q");
    }

    public override void DrawRectangle(OxyRect rect, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) =>
        DrawPolygon([rect.TopLeft, rect.TopRight, rect.BottomRight, rect.BottomLeft], fill, stroke, thickness, edgeRenderingMode, null!, LineJoin.Miter);

    public override void DrawEllipse(OxyRect rect, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode)
    {
        bool stroked = stroke.IsVisible() && thickness > 0, filled = fill.IsVisible();
        if (!stroked && !filled) return;
        // Four Bézier quarters; k is the usual 4(√2 − 1)/3.
        const double k = 0.5522847498307936;
        double cx = rect.Center.X, cy = height - rect.Center.Y, rx = rect.Width / 2, ry = rect.Height / 2;
        Op("q");
        if (filled) FillStyle(fill);
        if (stroked) StrokeStyle(stroke, thickness, null, LineJoin.Miter);
        Op($"{N(cx + rx)} {N(cy)} m");
        Op($"{N(cx + rx)} {N(cy + k * ry)} {N(cx + k * rx)} {N(cy + ry)} {N(cx)} {N(cy + ry)} c");
        Op($"{N(cx - k * rx)} {N(cy + ry)} {N(cx - rx)} {N(cy + k * ry)} {N(cx - rx)} {N(cy)} c");
        Op($"{N(cx - rx)} {N(cy - k * ry)} {N(cx - k * rx)} {N(cy - ry)} {N(cx)} {N(cy - ry)} c");
        Op($"{N(cx + k * rx)} {N(cy - ry)} {N(cx + rx)} {N(cy - k * ry)} {N(cx + rx)} {N(cy)} c");
        Op(stroked && filled ? "b Q" : stroked ? "s Q" : "f Q");
    }

    public override void DrawText(ScreenPoint p, string text, OxyColor fill, string fontFamily, double fontSize, double fontWeight, double rotate,
        HorizontalAlignment halign, VerticalAlignment valign, OxySize? maxSize)
    {
        if (string.IsNullOrEmpty(text) || !fill.IsVisible() || fontSize <= 0) return;
        var font = fontWeight > 500 ? bold : regular;
        var size = font.Measure(text, fontSize);
        // A text longer than its room (an axis title along a short axis) is set smaller to fit, not cut off.
        if (maxSize is { Width: > 0 } room && size.Width > room.Width)
        {
            fontSize *= room.Width / size.Width;
            size = font.Measure(text, fontSize);
        }
        double w = size.Width, h = size.Height;
        double dx = halign switch { HorizontalAlignment.Center => -w / 2, HorizontalAlignment.Right => -w, _ => 0 };
        // In the page's frame y grows upwards: a top-aligned box hangs below the point.
        double dy = valign switch { VerticalAlignment.Middle => -h / 2, VerticalAlignment.Top => -h, _ => 0 };
        double angle = -rotate * Math.PI / 180, cos = Math.Cos(angle), sin = Math.Sin(angle);
        if (Math.Abs(rotate) < 1e-9) (cos, sin) = (1, 0);
        Op("q");
        Op($"{N(cos)} {N(sin)} {N(-sin)} {N(cos)} {N(p.X)} {N(height - p.Y)} cm");
        FillStyle(fill);
        Op($"BT /{font.Resource} {N(fontSize)} Tf {N(dx)} {N(dy + font.BaselineAbove(fontSize))} Td <{font.Encode(text)}> Tj ET");
        Op("Q");
    }

    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight) =>
        string.IsNullOrEmpty(text) ? OxySize.Empty : (fontWeight > 500 ? bold : regular).Measure(text, fontSize);

    protected override void SetClip(OxyRect clip)
    {
        Op("q");
        Op($"{N(clip.Left)} {N(height - clip.Bottom)} {N(clip.Width)} {N(clip.Height)} re W n");
    }

    protected override void ResetClip() => Op("Q");

    /// <summary>The page as a PDF file: catalog, page, content, the fonts' subsets with their widths and ToUnicode maps.</summary>
    public byte[] ToPdf()
    {
        var file = new PdfFile();
        int catalog = file.Reserve(), pages = file.Reserve(), page = file.Reserve();
        var fonts = new List<(string Resource, int Object)>();
        foreach (var font in new[] { regular, bold }.Where(f => f.Used))
            fonts.Add((font.Resource, font.Write(file)));
        int stream = file.Stream("", Encoding.ASCII.GetBytes(content.ToString()));
        string states = alphas.Count == 0 ? ""
            : " /ExtGState << " + string.Join(" ", alphas.Select((a, i) => $"/A{i} << /ca {N(a)} /CA {N(a)} >>")) + " >>";
        string fontDict = fonts.Count == 0 ? "" : " /Font << " + string.Join(" ", fonts.Select(f => $"/{f.Resource} {f.Object} 0 R")) + " >>";
        file.Object(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {N(width)} {N(height)}] /Resources <<{fontDict}{states} >> /Contents {stream} 0 R >>");
        file.Object(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        file.Object(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        int info = file.Add("<< /Producer (repro) >>");
        return file.Bytes(catalog, info);
    }

    void Path(IList<ScreenPoint> points, bool close)
    {
        content.Append(N(points[0].X)).Append(' ').Append(N(height - points[0].Y)).Append(" m\n");
        for (var i = 1; i < points.Count; i++) content.Append(N(points[i].X)).Append(' ').Append(N(height - points[i].Y)).Append(" l\n");
        if (close) content.Append("h\n");
    }

    void StrokeStyle(OxyColor color, double thickness, double[]? dashes, LineJoin join)
    {
        Op($"{Rgb(color)} RG {N(thickness)} w {(int)Join(join)} j");
        if (dashes is { Length: > 0 }) Op($"[{string.Join(" ", dashes.Select(N))}] 0 d");
        Alpha(color);
    }

    void FillStyle(OxyColor color)
    {
        Op($"{Rgb(color)} rg");
        Alpha(color);
    }

    /// <summary>A translucent colour sets a graphics state of its opacity (one per opacity, in order of first use).</summary>
    void Alpha(OxyColor color)
    {
        if (color.A == 255) return;
        double a = Math.Round(color.A / 255.0, 4);
        int index = alphas.IndexOf(a);
        if (index < 0)
        {
            alphas.Add(a);
            index = alphas.Count - 1;
        }
        Op($"/A{index} gs");
    }

    static int Join(LineJoin join) => join switch { LineJoin.Round => 1, LineJoin.Bevel => 2, _ => 0 };

    static string Rgb(OxyColor c) => $"{N(c.R / 255.0)} {N(c.G / 255.0)} {N(c.B / 255.0)}";

    void Op(string op) => content.Append(op).Append('\n');

    /// <summary>Numbers as PDF writes them: invariant, at most four decimals, no exponent, no negative zero.</summary>
    internal static string N(double v)
    {
        double r = Math.Round(v, 4);
        return r == 0 ? "0" : r.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
