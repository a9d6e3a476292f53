using Repro.Tests.Support;
using UglyToad.PdfPig;

namespace Repro.Tests.Figures;

/// <summary>
/// Every published PDF read by a real PDF parser (PdfPig): one page of the figure's size whose text is the SVG's text,
/// so the paper's copy of a figure says what the page's copy says.
/// </summary>
public class PublishedPdfTests
{
    public static TheoryData<string> Figures() => new(Directory.GetFiles(Repo.Path("results"), "*.svg", SearchOption.AllDirectories)
        .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "figures")
        .Select(f => Path.GetRelativePath(Repo.Path("results"), f)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Figures))]
    public void A_published_pdf_is_one_page_of_the_svgs_size_with_the_svgs_text(string svgPath)
    {
        string svg = Repo.Path("results", svgPath);
        string pdf = Path.ChangeExtension(svg, ".pdf");
        Assert.True(File.Exists(pdf), $"{svgPath} has no PDF beside it");
        var root = Svg.Parse(File.ReadAllBytes(svg)).Root!;
        using var document = PdfDocument.Open(File.ReadAllBytes(pdf));
        var page = Assert.Single(document.GetPages());
        Assert.Equal(((double)root.Attribute("width")!, (double)root.Attribute("height")!), (page.Width, page.Height));
        // Letters, not glyph positions: the two formats lay text out with their own metrics, and the y axis's title
        // is rotated (no word breaks a reader can find). Every word of the SVG's title and axis titles, Greek letters
        // and symbols included (2/η, ‖w‖₁), is in the page's letters.
        string onPage = string.Concat(page.Letters.Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal);
        var texts = Svg.Texts(File.ReadAllBytes(svg));
        var words = texts.Take(1).Concat(texts.Where(t => t.Length > 12)).SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => !w.Any(char.IsControl)).Distinct().ToList();
        Assert.NotEmpty(words);
        var missing = words.Where(w => !onPage.Contains(w, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"{svgPath}: the PDF lacks {string.Join(", ", missing)}");
    }
}
