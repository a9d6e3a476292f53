namespace Repro.Cli.Output;

/// <summary>Rows of text as aligned columns (two spaces apart; the last column is not padded).</summary>
public static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0) return;
        var widths = Enumerable.Range(0, rows[0].Count).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }
}
