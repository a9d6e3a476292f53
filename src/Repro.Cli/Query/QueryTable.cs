using System.Collections;
using System.Globalization;
using System.Text;

namespace Repro.Cli.Query;

/// <summary>
/// A query result as an aligned text table: a header, a rule, one line per row (numbers right-aligned, the rest
/// left-aligned, two spaces between columns), then "N rows". Values are printed so that they read back exactly:
/// doubles round-trip in invariant culture, NaN as NaN, SQL NULL as null.
/// </summary>
public static class QueryTable
{
    /// <param name="unit">what a row is, for the last line: "3 rows", "1 view"</param>
    public static void Render(QueryResult result, TextWriter output, string unit = "row")
    {
        var cells = result.Rows.Select(row => row.Select(Format).ToArray()).ToList();
        var widths = result.Columns.Select((c, i) => cells.Select(r => r[i].Length).Prepend(c.Name.Length).Max()).ToArray();

        if (result.Columns.Count > 0)
        {
            output.WriteLine(Line(result.Columns.Select(c => c.Name).ToArray(), result.Columns, widths));
            output.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), result.Columns, widths));
            foreach (var row in cells) output.WriteLine(Line(row, result.Columns, widths));
        }
        output.WriteLine(result.Rows.Count == 1 ? $"1 {unit}" : $"{result.Rows.Count} {unit}s");
    }

    static string Line(string[] cells, IReadOnlyList<QueryColumn> columns, int[] widths)
    {
        var line = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append("  ");
            line.Append(columns[i].Numeric ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }
        return line.ToString().TrimEnd();
    }

    /// <summary>One value as text; public so that tests can parse the table back with the same rules.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => Escape(s),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture), // NaN, Infinity, -Infinity as .NET spells them
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        byte[] bytes => "\\x" + Convert.ToHexString(bytes),
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => $"{Format(k)}: {Format(map[k])}")) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // A newline or tab inside a value would break the table's lines and columns.
    static string Escape(string s) => s
        .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
