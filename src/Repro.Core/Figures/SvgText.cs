using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OxyPlot;

namespace Repro.Core.Figures;

/// <summary>
/// What OxyPlot's exporters cannot be told, done to their output text: ids unique to the figure, a &lt;title&gt; on each
/// data line, a fixed PDF creation date. Each edit is exact (it matches OxyPlot's own fixed spelling) and deterministic.
/// </summary>
public static partial class SvgText
{
    /// <summary>OxyPlot numbers its clip paths from 1 in every file: `clipPath1` becomes `PREFIXclip1`, references too.</summary>
    public static string Prefixed(string svg, string prefix) =>
        prefix.Length == 0 ? svg : ClipId().Replace(svg, m => $"{m.Groups[1].Value}{prefix}clip{m.Groups[2].Value}");

    /// <summary>A prefix for ids from any names: letters, digits and '-' kept, anything else '-', ending in '-'.</summary>
    public static string IdPrefix(params string[] names) =>
        string.Concat(names.Select(n => Regex.Replace(n, "[^A-Za-z0-9-]", "-") + "-"));

    /// <summary>
    /// A data line is OxyPlot's polyline with a round line join (legend symbols and grid lines have none); consecutive
    /// polylines of one colour are one line broken at undefined points. Each gets the title of its line, in order.
    /// </summary>
    public static string Titled(string svg, IReadOnlyList<(OxyColor Color, string Text)> titles)
    {
        if (titles.Count == 0) return svg;
        int line = -1;
        string? color = null;
        return DataLine().Replace(svg, m =>
        {
            string stroke = m.Groups[2].Value;
            if (stroke != color)
            {
                color = stroke;
                // The next line whose colour this is (colours repeat only after the palette's eight).
                do line++; while (line < titles.Count && Rgb(titles[line].Color) != stroke);
            }
            if (line >= titles.Count) return m.Value;
            return $"{m.Groups[1].Value}><title>{Escape(titles[line].Text)}</title></polyline>";
        });
    }

    static string Rgb(OxyColor c) => string.Create(CultureInfo.InvariantCulture, $"rgb({c.R},{c.G},{c.B})");

    static string Escape(string text) => new StringBuilder(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").ToString();

    [GeneratedRegex("""(id="|url\(#)clipPath(\d+)""")]
    private static partial Regex ClipId();

    [GeneratedRegex("""(<polyline points="[^"]*" style="fill:none;stroke:(rgb\(\d+,\d+,\d+\));stroke-width:[0-9.]+;stroke-linejoin:round"[^>]*?) />""")]
    private static partial Regex DataLine();
}
