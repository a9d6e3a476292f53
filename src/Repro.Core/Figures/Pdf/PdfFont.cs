using System.Security.Cryptography;
using System.Text;
using OxyPlot;

namespace Repro.Core.Figures.Pdf;

/// <summary>
/// One embedded font of a PDF page: a Type 0 font over a CIDFontType2 subset, Identity-H, so a text string is the
/// subset's glyph ids. Glyphs are numbered in the subset in the order text first uses them; the ToUnicode map gives each
/// back its character, so the PDF's text can be searched and copied.
/// </summary>
public sealed class PdfFont(TrueTypeFont font, string resource)
{
    readonly List<int> glyphs = [0]; // original ids in subset order; .notdef first
    readonly Dictionary<int, int> subsetId = new() { [0] = 0 };
    readonly SortedDictionary<int, string> unicode = []; // subset id → the text it stands for

    public string Resource => resource;

    public bool Used => glyphs.Count > 1;

    /// <summary>The text's box in the units of <paramref name="size"/>: its advance, and the font's line height.</summary>
    public OxySize Measure(string text, double size)
    {
        long advance = 0;
        foreach (var rune in text.EnumerateRunes()) advance += font.AdvanceOf(font.GlyphOf(rune.Value));
        return new OxySize(advance * size / font.UnitsPerEm, LineHeight(size));
    }

    double LineHeight(double size) => (font.Ascender - font.Descender) * size / font.UnitsPerEm;

    /// <summary>How far the baseline sits above the bottom of the text's box.</summary>
    public double BaselineAbove(double size) => -font.Descender * size / font.UnitsPerEm;

    /// <summary>The text as hexadecimal subset glyph ids (two bytes each), taking new glyphs into the subset.</summary>
    public string Encode(string text)
    {
        var hex = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            int glyph = font.GlyphOf(rune.Value);
            if (!subsetId.TryGetValue(glyph, out int id))
            {
                id = glyphs.Count;
                glyphs.Add(glyph);
                subsetId[glyph] = id;
            }
            unicode.TryAdd(id, rune.ToString());
            hex.Append(id.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
        }
        return hex.ToString();
    }

    /// <summary>Writes the font's objects; the number of its Type 0 font object, for the page's resources.</summary>
    public int Write(PdfFile file)
    {
        var (subset, _) = font.Subset(glyphs);
        // A subset's name starts with six capitals of its own (PDF 9.6.4); from its glyphs, so it is the same every time.
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(",", glyphs)));
        string tag = new([.. hash.Take(6).Select(b => (char)('A' + b % 26))]);
        string name = $"{tag}+{font.PostScriptName}";
        int Scale(int units) => (int)Math.Round(units * 1000.0 / font.UnitsPerEm, MidpointRounding.AwayFromZero);

        int fontFile = file.Stream($" /Length1 {subset.Length}", subset);
        var box = font.BoundingBox;
        int descriptor = file.Add($"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{Scale(box.XMin)} {Scale(box.YMin)} {Scale(box.XMax)} {Scale(box.YMax)}] " +
            $"/ItalicAngle {font.ItalicAngle} /Ascent {Scale(font.Ascender)} /Descent {Scale(font.Descender)} /CapHeight {Scale(font.CapHeight)} /StemV 80 /FontFile2 {fontFile} 0 R >>");
        string widths = string.Join(" ", glyphs.Select(g => Scale(font.AdvanceOf(g))));
        int cidFont = file.Add($"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
            $"/FontDescriptor {descriptor} 0 R /W [0 [{widths}]] /CIDToGIDMap /Identity >>");
        int toUnicode = file.Stream("", Encoding.ASCII.GetBytes(ToUnicode()));
        return file.Add($"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{cidFont} 0 R] /ToUnicode {toUnicode} 0 R >>");
    }

    /// <summary>The CMap from subset glyph ids back to Unicode (UTF-16BE), at most 100 entries per block as the format wants.</summary>
    string ToUnicode()
    {
        var map = new StringBuilder();
        map.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
        map.Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
        map.Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var block in unicode.Chunk(100))
        {
            map.Append($"{block.Length} beginbfchar\n");
            foreach (var (id, text) in block)
                map.Append($"<{id:X4}> <{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>\n");
            map.Append("endbfchar\n");
        }
        map.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return map.ToString();
    }
}
