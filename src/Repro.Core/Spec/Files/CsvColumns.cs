using System.Globalization;
using System.Text;

namespace Repro.Core.Spec;

/// <summary>
/// The columns of a CSV data file: UTF-8, comma-separated, a header row of distinct names (optionally in double
/// quotes), then one row of numbers per example; blank lines are skipped. A malformed cell is reported at its
/// line and column in the CSV, so the error points where the fix goes. A column with a cell that is not a number is
/// a text column: an error only if the spec reads it, and that error names the cell's line and column.
/// </summary>
static class CsvColumns
{
    public static (Dictionary<string, double[]> Columns, List<string> Order, Dictionary<string, string> Text, int Rows) Parse(byte[] bytes, string file)
    {
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { throw Error(file, 1, 1, "is not UTF-8 text", "save it as UTF-8 CSV"); }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var lines = text.Split('\n');

        int headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0) throw Error(file, 1, 1, "is empty", "start with a header row naming the columns, e.g. `x1,x2,y`");
        var header = Cells(lines[headerLine]).Select(c => (c.Column, Name: Unquote(c.Text))).ToList();
        var order = new List<string>();
        foreach (var (column, name) in header)
        {
            if (name.Length == 0) throw Error(file, headerLine + 1, column, "has an empty column name in its header", "name every column");
            if (order.Contains(name)) throw Error(file, headerLine + 1, column, $"names column '{name}' twice", "give every column its own name");
            order.Add(name);
        }

        var values = order.Select(_ => new List<double>()).ToArray();
        var textColumns = new Dictionary<string, string>(StringComparer.Ordinal);   // column → its first text cell
        for (int i = headerLine + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = Cells(lines[i]);
            if (cells.Count != order.Count)
                throw Error(file, i + 1, 1, $"has {cells.Count} cells on this line, {order.Count} in its header", "give every row one value per column");
            for (int c = 0; c < cells.Count; c++)
            {
                string cell = cells[c].Text.Trim();
                if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                    values[c].Add(v);
                else if (cell.Length == 0 || IsNumberLike(cell))
                    throw Error(file, i + 1, cells[c].Column, cell.Length == 0 ? $"has an empty cell in column '{order[c]}'" : $"has '{cell}' in column '{order[c]}', not a finite number",
                        "give every example a finite value (remove or fill in the row)");
                else textColumns.TryAdd(order[c], $"'{cell}' at {file}:{i + 1}:{cells[c].Column}");
            }
        }
        int rows = values.Length == 0 ? 0 : values.Max(v => v.Count);
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int c = 0; c < order.Count; c++)
            if (!textColumns.ContainsKey(order[c])) columns[order[c]] = [.. values[c]];
        return (columns, order, textColumns, rows);
    }

    // "nan", "inf", "1e999": numbers a writer produced that training cannot use, not a text column.
    static bool IsNumberLike(string cell) => cell.TrimStart('+', '-').ToLowerInvariant() is "nan" or "inf" or "infinity"
        || (char.IsAsciiDigit(cell.TrimStart('+', '-', '.').FirstOrDefault()) && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    /// <summary>The cells of one line with the 1-based column each starts at; a trailing carriage return is dropped.</summary>
    static List<(int Column, string Text)> Cells(string line)
    {
        line = line.TrimEnd('\r');
        var cells = new List<(int, string)>();
        int start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != ',') continue;
            cells.Add((start + 1, line[start..i]));
            start = i + 1;
        }
        return cells;
    }

    static string Unquote(string name)
    {
        name = name.Trim();
        return name.Length >= 2 && name[0] == '"' && name[^1] == '"' ? name[1..^1] : name;
    }

    static SpecException Error(string file, int line, int column, string problem, string fix) =>
        new(new SpecError(new Mark(file, line, column), $"data file {file} {problem}", fix));
}
