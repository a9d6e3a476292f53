using System.Buffers.Binary;
using System.Text;

namespace Repro.Core.Figures.Pdf;

/// <summary>
/// A TrueType (glyf-outline) font, read for what a PDF needs to embed it as a CIDFontType2: the metrics of its font
/// descriptor, glyph ids and advances to lay text out with, and a subset holding only the glyphs a figure draws.
/// The bytes come from a file, so every offset is bounds-checked before it is followed.
/// </summary>
public sealed class TrueTypeFont
{
    const uint Head = 0x68656164, Hhea = 0x68686561, Maxp = 0x6D617870, Hmtx = 0x686D7478, Loca = 0x6C6F6361,
        Glyf = 0x676C7966, Cmap = 0x636D6170, Name = 0x6E616D65, Os2 = 0x4F532F32, Post = 0x706F7374;

    /// <summary>
    /// Copied into a subset as they are: hinting (cvt, fpgm, prep) and OS/2. Not name: a PDF names the font itself, and
    /// DejaVu's name table (its licence text) would be most of every subset's bytes.
    /// </summary>
    static readonly uint[] Copied = [0x63767420, 0x6670676D, 0x70726570, Os2];

    readonly string name;
    readonly (uint Tag, Reader Data)[] tables;
    readonly Reader hmtx, glyf, cmap;
    readonly int[] loca;
    readonly int metrics;
    readonly Segment[] segments;
    readonly bool format4;

    /// <summary>A run of code points mapped alike: to Delta + c (format 12), or format 4's delta or glyph array.</summary>
    readonly record struct Segment(int Start, int End, long Delta, int RangeAt);

    /// <summary>nameID 6 of the name table (the PDF's /BaseFont), else the name it was read by without spaces.</summary>
    public string PostScriptName { get; }
    public int UnitsPerEm { get; }
    /// <summary>hhea's, in font units; Descender is negative.</summary>
    public int Ascender { get; }
    public int Descender { get; }
    /// <summary>OS/2 sCapHeight where the table is version 2 or later, else the ascender.</summary>
    public int CapHeight { get; }
    public (int XMin, int YMin, int XMax, int YMax) BoundingBox { get; }
    public int ItalicAngle { get; }
    public int GlyphCount { get; }

    TrueTypeFont(byte[] bytes, string name)
    {
        this.name = name;
        var file = new Reader(bytes, 0, bytes.Length, name, "the font file");
        uint version = file.U32(0);
        if (version == 0x4F54544F) throw Bad(name, "is a CFF-based OpenType font ('OTTO'), not a TrueType (glyf) font");
        if (version == 0x74746366) throw Bad(name, "is a font collection ('ttcf'), not a single font");
        if (version is not (0x00010000 or 0x74727565)) throw Bad(name, $"is not a TrueType font (version 0x{version:X8})");
        int count = file.U16(4);
        var directory = file.Slice(12, 16 * count, "the table directory");
        tables = new (uint, Reader)[count];
        for (int i = 0; i < count; i++)
        {
            uint tag = directory.U32(16 * i), offset = directory.U32(16 * i + 8), length = directory.U32(16 * i + 12);
            if ((long)offset + length > bytes.Length)
                throw Bad(name, $"table '{TagText(tag)}' ({length} bytes at {offset}) runs past the end of the file ({bytes.Length} bytes)");
            tables[i] = (tag, new Reader(bytes, (int)offset, (int)length, name, $"table '{TagText(tag)}'"));
        }

        var head = Required(Head);
        if (head.U32(12) != 0x5F0F3CF5) throw Bad(name, "table 'head' has the wrong magic number");
        UnitsPerEm = head.U16(18);
        if (UnitsPerEm == 0) throw Bad(name, "unitsPerEm is 0");
        BoundingBox = (head.I16(36), head.I16(38), head.I16(40), head.I16(42));
        int locaFormat = head.I16(50);
        if (locaFormat is not (0 or 1)) throw Bad(name, $"indexToLocFormat is {locaFormat}");

        GlyphCount = Required(Maxp).U16(4);
        if (GlyphCount == 0) throw Bad(name, "numGlyphs is 0");
        var hhea = Required(Hhea);
        (Ascender, Descender, metrics) = (hhea.I16(4), hhea.I16(6), hhea.U16(34));
        if (metrics == 0 || metrics > GlyphCount) throw Bad(name, $"numberOfHMetrics is {metrics} for {GlyphCount} glyphs");
        hmtx = Required(Hmtx);
        _ = hmtx.Span(0, 4 * metrics + 2 * (GlyphCount - metrics));

        glyf = Required(Glyf);
        var locaTable = Required(Loca);
        loca = new int[GlyphCount + 1];
        for (int i = 0; i <= GlyphCount; i++)
        {
            long at = locaFormat == 0 ? 2L * locaTable.U16(2 * i) : locaTable.U32(4 * i);
            if (at > glyf.Length || (i > 0 && at < loca[i - 1]))
                throw Bad(name, $"loca entry {i} ({at}) is out of order or past the end of glyf ({glyf.Length} bytes)");
            loca[i] = (int)at;
        }

        var os2 = Optional(Os2);
        CapHeight = os2 is { } o && o.U16(0) >= 2 ? o.I16(88) : Ascender;
        // Fixed 16.16, truncated toward zero: -11.5 is -11.
        ItalicAngle = Optional(Post) is { } post ? (int)(post.I32(4) / 65536.0) : 0;
        PostScriptName = NameOf(Optional(Name)) ?? name.Replace(" ", "");
        // A font without any cmap is one of our subsets, read back: it has glyphs but no characters.
        (cmap, segments, format4) = Optional(Cmap) is { } table ? Unicode(table) : (file, [], false);
    }

    /// <summary>Parses and checks a font; anything malformed is an InvalidDataException that starts with `name`.</summary>
    public static TrueTypeFont Read(byte[] bytes, string name) => new(bytes, name);

    /// <summary>Glyph id of a Unicode code point (format 12 if the font has it, else 4); 0 (.notdef) when it has none.</summary>
    public int GlyphOf(int codePoint)
    {
        int lo = 0, hi = segments.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (segments[mid].End < codePoint) lo = mid + 1; else hi = mid;
        }
        if (lo == segments.Length || segments[lo].Start > codePoint) return 0;
        var s = segments[lo];
        long glyph = s.Delta + codePoint;
        if (format4 && s.RangeAt >= 0)
        {
            int g = cmap.U16(s.RangeAt + 2 * (codePoint - s.Start));
            glyph = g == 0 ? 0 : g + s.Delta;
        }
        if (format4) glyph &= 0xFFFF;
        return glyph < GlyphCount ? (int)glyph : 0;
    }

    /// <summary>Advance width in font units; glyphs past numberOfHMetrics share the last advance.</summary>
    public int AdvanceOf(int glyph) => hmtx.U16(4 * Math.Min(Checked(glyph), metrics - 1));

    /// <summary>
    /// A font holding `glyphs` (with .notdef first) and the components their composites use, renumbered in that order.
    /// It has no cmap (nor post, kern or layout tables): a CIDFontType2 with /CIDToGIDMap /Identity is shown by glyph
    /// id, so CID = new glyph id and the font needs no character mapping of its own.
    /// </summary>
    public (byte[] Font, IReadOnlyList<int> Order) Subset(IEnumerable<int> glyphs)
    {
        var order = new List<int> { 0 };
        var seen = new HashSet<int> { 0 };
        foreach (int g in glyphs) if (seen.Add(Checked(g))) order.Add(g);
        // Components are appended as they are found; the loop reaches them in turn, so nesting is followed too.
        for (int i = 0; i < order.Count; i++)
            foreach (var (_, component) in Components(GlyphData(order[i])))
            {
                if (component >= GlyphCount) throw Bad(name, $"glyph {order[i]} uses component {component} of {GlyphCount} glyphs");
                if (seen.Add(component)) order.Add(component);
            }
        var newId = new Dictionary<int, int>();
        for (int i = 0; i < order.Count; i++) newId[order[i]] = i;

        var glyfOut = new MemoryStream();
        var locaOut = new byte[4 * (order.Count + 1)];
        var hmtxOut = new byte[4 * order.Count];
        for (int i = 0; i < order.Count; i++)
        {
            int old = order[i];
            BinaryPrimitives.WriteUInt32BigEndian(locaOut.AsSpan(4 * i), (uint)glyfOut.Length);
            var data = GlyphData(old);
            var bytes = data.Span(0, data.Length).ToArray();
            foreach (var (at, component) in Components(data)) BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), (ushort)newId[component]);
            glyfOut.Write(bytes);
            glyfOut.Write(new byte[Pad(bytes.Length) - bytes.Length]);
            int lsb = old < metrics ? hmtx.I16(4 * old + 2) : hmtx.I16(4 * metrics + 2 * (old - metrics));
            BinaryPrimitives.WriteUInt16BigEndian(hmtxOut.AsSpan(4 * i), (ushort)AdvanceOf(old));
            BinaryPrimitives.WriteInt16BigEndian(hmtxOut.AsSpan(4 * i + 2), (short)lsb);
        }
        BinaryPrimitives.WriteUInt32BigEndian(locaOut.AsSpan(4 * order.Count), (uint)glyfOut.Length);

        var head = Copy(Head, 54);
        head.AsSpan(8, 4).Clear(); // checkSumAdjustment, set once the whole file is summed
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca offsets
        var hhea = Copy(Hhea, 36);
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)order.Count);
        var maxp = Copy(Maxp, 6);
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)order.Count);
        var output = new List<(uint Tag, byte[] Data)>
        {
            (Head, head), (Hhea, hhea), (Maxp, maxp), (Hmtx, hmtxOut), (Loca, locaOut), (Glyf, glyfOut.ToArray()),
        };
        foreach (uint tag in Copied) if (Optional(tag) is { } t) output.Add((tag, t.Span(0, t.Length).ToArray()));
        return (Assemble(output), order.ToArray());
    }

    /// <summary>An sfnt file of these tables: sorted by tag, 4-byte aligned, checksummed, with head's adjustment.</summary>
    static byte[] Assemble(List<(uint Tag, byte[] Data)> tables)
    {
        tables.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        int n = tables.Count, power = 1, log = 0;
        while (power * 2 <= n) (power, log) = (power * 2, log + 1);
        var file = new byte[12 + 16 * n + tables.Sum(t => Pad(t.Data.Length))];
        var s = file.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(s, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(s[4..], (ushort)n);
        BinaryPrimitives.WriteUInt16BigEndian(s[6..], (ushort)(16 * power));
        BinaryPrimitives.WriteUInt16BigEndian(s[8..], (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(s[10..], (ushort)(16 * (n - power)));
        int at = 12 + 16 * n, headAt = 0;
        for (int i = 0; i < n; i++)
        {
            var (tag, data) = tables[i];
            data.CopyTo(s[at..]);
            var entry = s[(12 + 16 * i)..];
            BinaryPrimitives.WriteUInt32BigEndian(entry, tag);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], Checksum(s.Slice(at, Pad(data.Length))));
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)at);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)data.Length);
            if (tag == Head) headAt = at;
            at += Pad(data.Length);
        }
        BinaryPrimitives.WriteUInt32BigEndian(s[(headAt + 8)..], unchecked(0xB1B0AFBA - Checksum(s)));
        return file;
    }

    static uint Checksum(ReadOnlySpan<byte> padded)
    {
        uint sum = 0;
        for (int i = 0; i < padded.Length; i += 4) sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(padded[i..]));
        return sum;
    }

    static int Pad(int length) => (length + 3) & ~3;

    /// <summary>Where each component's glyph index sits in a composite glyph's record, and the index; none for a simple one.</summary>
    static List<(int At, int Glyph)> Components(Reader glyph)
    {
        var found = new List<(int, int)>();
        if (glyph.Length == 0 || glyph.I16(0) >= 0) return found;
        int at = 10, flags;
        do
        {
            flags = glyph.U16(at);
            found.Add((at + 2, glyph.U16(at + 2)));
            at += 4 + ((flags & 0x0001) != 0 ? 4 : 2)
                + ((flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0);
            _ = glyph.Span(0, at);
        } while ((flags & 0x0020) != 0);
        return found;
    }

    Reader GlyphData(int glyph) => glyf.Slice(loca[glyph], loca[glyph + 1] - loca[glyph], glyf.What);

    int Checked(int glyph) => glyph >= 0 && glyph < GlyphCount
        ? glyph : throw new ArgumentOutOfRangeException(nameof(glyph), glyph, $"{name} has {GlyphCount} glyphs");

    Reader? Optional(uint tag)
    {
        foreach (var (t, data) in tables) if (t == tag) return data;
        return null;
    }

    Reader Required(uint tag) => Optional(tag) ?? throw Bad(name, $"has no '{TagText(tag)}' table");

    byte[] Copy(uint tag, int atLeast)
    {
        var t = Required(tag);
        _ = t.Span(0, atLeast);
        return t.Span(0, t.Length).ToArray();
    }

    /// <summary>nameID 6, Windows (UTF-16BE) before Mac (ASCII), kept to the characters a PDF name may hold.</summary>
    static string? NameOf(Reader? table)
    {
        if (table is not { } t) return null;
        int count = t.U16(2), strings = t.U16(4);
        string? mac = null;
        for (int i = 0; i < count; i++)
        {
            int r = 6 + 12 * i, platform = t.U16(r), encoding = t.U16(r + 2);
            if (t.U16(r + 6) != 6 || platform is not (1 or 3) || (platform == 1 && encoding != 0)) continue;
            var text = t.Span(strings + t.U16(r + 10), t.U16(r + 8));
            if (platform == 3) return Clean(Encoding.BigEndianUnicode.GetString(text));
            mac ??= Clean(Encoding.Latin1.GetString(text));
        }
        return mac;

        static string? Clean(string s)
        {
            var kept = string.Concat(s.Where(c => c is > ' ' and <= '~' && !"[](){}<>/%".Contains(c)));
            return kept.Length > 0 ? kept : null;
        }
    }

    /// <summary>The Unicode cmap subtable, format 12 before format 4, its segments checked and sorted for lookup.</summary>
    (Reader, Segment[], bool) Unicode(Reader table)
    {
        int count = table.U16(2);
        Reader? best = null;
        int bestFormat = 0;
        for (int i = 0; i < count; i++)
        {
            int platform = table.U16(4 + 8 * i), encoding = table.U16(6 + 8 * i);
            if (!(platform == 0 || (platform == 3 && encoding is 1 or 10))) continue;
            int offset = (int)Math.Min(table.U32(8 + 8 * i), int.MaxValue);
            var sub = table.Slice(offset, Math.Max(0, table.Length - offset), $"cmap subtable {platform}/{encoding}");
            int format = sub.U16(0);
            if ((format == 12 || format == 4) && format > bestFormat) (best, bestFormat) = (sub, format);
        }
        if (best is not { } s) throw Bad(name, "has no Unicode cmap subtable of format 4 or 12");
        var segments = new List<Segment>();
        if (bestFormat == 12)
        {
            int groups = (int)Math.Min(s.U32(12), int.MaxValue / 12);
            _ = s.Span(16, 12 * groups);
            for (int i = 0; i < groups; i++)
            {
                uint start = s.U32(16 + 12 * i), end = s.U32(20 + 12 * i), glyph = s.U32(24 + 12 * i);
                if (start > end || end > 0x10FFFF || (i > 0 && start <= segments[^1].End))
                    throw Bad(name, $"cmap format 12 group {i} ({start}..{end}) is out of order");
                segments.Add(new((int)start, (int)end, (long)glyph - start, -1));
            }
            return (s, [.. segments], false);
        }
        int twice = s.U16(6), n = twice / 2;
        if (twice % 2 != 0) throw Bad(name, $"cmap format 4 segCountX2 is odd ({twice})");
        int ends = 14, starts = 16 + twice, deltas = 16 + 2 * twice, ranges = 16 + 3 * twice;
        for (int i = 0; i < n; i++)
        {
            int end = s.U16(ends + 2 * i), start = s.U16(starts + 2 * i), delta = s.I16(deltas + 2 * i), range = s.U16(ranges + 2 * i);
            if (start > end || (i > 0 && start <= segments[^1].End))
                throw Bad(name, $"cmap format 4 segment {i} ({start}..{end}) is out of order");
            int rangeAt = range == 0 ? -1 : ranges + 2 * i + range;
            if (rangeAt >= 0) _ = s.Span(rangeAt, 2 * (end - start + 1));
            segments.Add(new(start, end, delta, rangeAt));
        }
        return (s, [.. segments], true);
    }

    static string TagText(uint tag) => string.Concat(Enumerable.Range(0, 4).Select(i => (char)((tag >> (24 - 8 * i)) & 0xFF)));

    static InvalidDataException Bad(string font, string what) => new($"{font}: {what}");

    /// <summary>Big-endian reads from one table of the file, each checked against the table's bounds.</summary>
    readonly struct Reader(byte[] bytes, int start, int length, string font, string what)
    {
        public int Length => length;
        public string What => what;
        public int U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(Span(at, 2));
        public int I16(int at) => BinaryPrimitives.ReadInt16BigEndian(Span(at, 2));
        public uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(Span(at, 4));
        public int I32(int at) => BinaryPrimitives.ReadInt32BigEndian(Span(at, 4));
        public ReadOnlySpan<byte> Span(int at, int count) => bytes.AsSpan(start + Check(at, count), count);
        public Reader Slice(int at, int count, string part) => new(bytes, start + Check(at, count), count, font, part);

        int Check(int at, int count) => at >= 0 && count >= 0 && at <= length - count
            ? at : throw Bad(font, $"{what} is truncated or malformed ({count} bytes at {at} of {length})");
    }
}
