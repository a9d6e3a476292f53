using System.Buffers.Binary;
using System.Text;
using Repro.Core.Figures.Pdf;
using Repro.Tests.Support;

namespace Repro.Tests.Figures;

/// <summary>
/// The font reader and subsetter the PDF figures embed DejaVu Sans with. Expectations are read from the font's bytes
/// by the few lines of parsing below, not by the class under test.
/// </summary>
public class TrueTypeFontTests
{
    const string Name = "DejaVuSans.ttf";
    const string Text = "2/η ‖w‖₁ ŵ –";

    /// <summary>The bundled DejaVu Sans (src/Repro.Core/Fonts), else the system's copy of the same font.</summary>
    static byte[] Font() => File.ReadAllBytes(new[]
    {
        Repo.Path("src", "Repro.Core", "Fonts", "DejaVuSans.ttf"),
        Repo.Path("src", "Repro.Core", "Figures", "Pdf", "DejaVuSans.ttf"),
    }.FirstOrDefault(File.Exists) ?? "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    [Fact]
    public void Code_points_map_to_glyphs_and_advances_are_the_hmtx_table_s()
    {
        var bytes = Font();
        var font = TrueTypeFont.Read(bytes, Name);
        foreach (int c in new[] { 'A', 0x03B7, 0x2016, 0x221E }) Assert.NotEqual(0, font.GlyphOf(c));
        Assert.Equal(0, font.GlyphOf(0xE000));
        Assert.Equal(0, font.GlyphOf(-1));
        Assert.Equal(0, font.GlyphOf(0x110000));
        int a = font.GlyphOf('A');
        Assert.Equal(Advance(bytes, a), font.AdvanceOf(a));
        Assert.Equal(Advance(bytes, font.GlyphCount - 1), font.AdvanceOf(font.GlyphCount - 1));
        Assert.Equal("DejaVuSans", font.PostScriptName);
        Assert.Equal(2048, font.UnitsPerEm);
        Assert.True(font.Descender < 0 && font.Ascender > 0);
    }

    [Fact]
    public void A_subset_keeps_each_glyph_s_bytes_and_renumbers_a_composite_s_components()
    {
        var bytes = Font();
        var font = TrueTypeFont.Read(bytes, Name);
        int composite = Composite(bytes, font);
        // ŵ in DejaVu Sans; listing it again is a duplicate, which the subset ignores.
        var (sub, order) = font.Subset(Glyphs(font, Text).Append(composite));
        var read = TrueTypeFont.Read(sub, "subset");
        Assert.Equal(order.Count, read.GlyphCount);
        Assert.Equal(0, order[0]);
        Assert.Equal(order.Count, order.Distinct().Count());
        Assert.All(Glyphs(font, Text), g => Assert.Contains(g, order));
        var components = Components(Glyph(bytes, composite)).Select(c => c.Glyph).ToList();
        Assert.NotEmpty(components);
        Assert.All(components, c => Assert.Contains(c, order));

        for (int id = 0; id < order.Count; id++)
        {
            var original = Glyph(bytes, order[id]);
            var copy = Glyph(sub, id);
            Assert.Equal((original.Length + 3) & ~3, copy.Length);
            Assert.All(copy[original.Length..], b => Assert.Equal(0, b));
            var expected = original.ToArray();
            foreach (var (at, component) in Components(copy[..original.Length]))
            {
                // Each rewritten index names the new id of the original's component at the same place.
                Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(original.AsSpan(at)), order[component]);
                BinaryPrimitives.WriteUInt16BigEndian(expected.AsSpan(at), (ushort)component);
            }
            Assert.Equal(expected, copy[..original.Length]);
            Assert.Equal(Advance(bytes, order[id]), Advance(sub, id));
            Assert.Equal(Advance(bytes, order[id]), read.AdvanceOf(id));
        }
        var renumbered = Components(Glyph(sub, order.ToList().IndexOf(composite)));
        Assert.Equal(components, renumbered.Select(c => order[c.Glyph]));
    }

    [Fact]
    public void A_subset_s_tables_are_sorted_aligned_and_checksummed()
    {
        var font = TrueTypeFont.Read(Font(), Name);
        var (sub, _) = font.Subset(Glyphs(font, Text));
        int n = BinaryPrimitives.ReadUInt16BigEndian(sub.AsSpan(4));
        int power = 1 << (int)Math.Log2(n);
        Assert.Equal(16 * power, BinaryPrimitives.ReadUInt16BigEndian(sub.AsSpan(6)));
        Assert.Equal((int)Math.Log2(power), BinaryPrimitives.ReadUInt16BigEndian(sub.AsSpan(8)));
        Assert.Equal(16 * n - 16 * power, BinaryPrimitives.ReadUInt16BigEndian(sub.AsSpan(10)));
        var tables = Tables(sub);
        Assert.Equal(["OS/2", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"], tables.Select(t => t.Tag));
        var copy = sub.ToArray();
        var head = tables.Single(t => t.Tag == "head");
        uint adjustment = BinaryPrimitives.ReadUInt32BigEndian(sub.AsSpan(head.Offset + 8));
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(head.Offset + 8), 0);
        foreach (var (tag, checksum, offset, length) in tables)
        {
            Assert.Equal(0, offset % 4);
            Assert.Equal(checksum, Checksum(copy.AsSpan(offset, (length + 3) & ~3)));
        }
        Assert.Equal(0, sub.Length % 4);
        Assert.Equal(unchecked(0xB1B0AFBA - Checksum(copy)), adjustment);
        Assert.Equal(1, BinaryPrimitives.ReadInt16BigEndian(sub.AsSpan(head.Offset + 50)));
    }

    [Fact]
    public void A_subset_is_the_same_bytes_every_time_and_small()
    {
        var bytes = Font();
        var font = TrueTypeFont.Read(bytes, Name);
        var (first, order) = font.Subset(Glyphs(font, Text));
        var (second, _) = TrueTypeFont.Read(bytes, Name).Subset(Glyphs(font, Text));
        Assert.Equal(first, second);
        Assert.InRange(order.Count, 8, 20);
        Assert.True(first.Length < bytes.Length / 10, $"subset {first.Length} bytes of {bytes.Length}");
    }

    [Fact]
    public void A_malformed_font_is_refused_with_its_name()
    {
        var bytes = Font();
        var truncated = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Read(bytes[..1000], Name));
        Assert.StartsWith(Name + ": ", truncated.Message);

        var moved = bytes.ToArray();
        var glyf = Tables(bytes).Single(t => t.Tag == "glyf");
        int entry = 12 + 16 * Tables(bytes).FindIndex(t => t.Tag == "glyf");
        BinaryPrimitives.WriteUInt32BigEndian(moved.AsSpan(entry + 8), (uint)(bytes.Length - glyf.Length / 2));
        var past = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Read(moved, Name));
        Assert.StartsWith(Name + ": ", past.Message);
        Assert.Contains("glyf", past.Message);

        var cff = bytes.ToArray();
        Encoding.ASCII.GetBytes("OTTO").CopyTo(cff, 0);
        Assert.StartsWith(Name + ": ", Assert.Throws<InvalidDataException>(() => TrueTypeFont.Read(cff, Name)).Message);
    }

    static IEnumerable<int> Glyphs(TrueTypeFont font, string text) => text.EnumerateRunes().Select(r => font.GlyphOf(r.Value));

    /// <summary>The first of a few accented letters whose glyph is a composite (numberOfContours &lt; 0).</summary>
    static int Composite(byte[] bytes, TrueTypeFont font)
    {
        foreach (char c in "ŵŷẅǻ")
        {
            var g = Glyph(bytes, font.GlyphOf(c));
            if (g.Length >= 10 && BinaryPrimitives.ReadInt16BigEndian(g) < 0) return font.GlyphOf(c);
        }
        throw new InvalidOperationException("no composite glyph among the letters tried");
    }

    static List<(string Tag, uint Checksum, int Offset, int Length)> Tables(byte[] font)
    {
        int n = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        return [.. Enumerable.Range(0, n).Select(i => font.AsSpan(12 + 16 * i, 16).ToArray()).Select(e => (
            Encoding.ASCII.GetString(e, 0, 4), BinaryPrimitives.ReadUInt32BigEndian(e.AsSpan(4)),
            (int)BinaryPrimitives.ReadUInt32BigEndian(e.AsSpan(8)), (int)BinaryPrimitives.ReadUInt32BigEndian(e.AsSpan(12))))];
    }

    static int TableAt(byte[] font, string tag) => Tables(font).Single(t => t.Tag == tag).Offset;

    static int Advance(byte[] font, int glyph)
    {
        int metrics = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(TableAt(font, "hhea") + 34));
        return BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(TableAt(font, "hmtx") + 4 * Math.Min(glyph, metrics - 1)));
    }

    static byte[] Glyph(byte[] font, int glyph)
    {
        int loca = TableAt(font, "loca"), glyf = TableAt(font, "glyf");
        bool wide = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(TableAt(font, "head") + 50)) == 1;
        int At(int i) => wide
            ? (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(loca + 4 * i))
            : 2 * BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(loca + 2 * i));
        return font[(glyf + At(glyph))..(glyf + At(glyph + 1))];
    }

    /// <summary>Where each component's glyph index is in a composite glyph, and the index.</summary>
    static List<(int At, int Glyph)> Components(byte[] glyph)
    {
        var found = new List<(int, int)>();
        if (glyph.Length == 0 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0) return found;
        int at = 10, flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(glyph.AsSpan(at));
            found.Add((at + 2, BinaryPrimitives.ReadUInt16BigEndian(glyph.AsSpan(at + 2))));
            at += 4 + ((flags & 1) != 0 ? 4 : 2) + ((flags & 8) != 0 ? 2 : (flags & 0x40) != 0 ? 4 : (flags & 0x80) != 0 ? 8 : 0);
        } while ((flags & 0x20) != 0);
        return found;
    }

    static uint Checksum(ReadOnlySpan<byte> padded)
    {
        uint sum = 0;
        for (int i = 0; i < padded.Length; i += 4) sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(padded[i..]));
        return sum;
    }
}
