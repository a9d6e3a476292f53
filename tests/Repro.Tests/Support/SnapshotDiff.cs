using System.Text;
using Repro.Core.Artifacts;
using Repro.Core.Diff;

namespace Repro.Tests.Support;

/// <summary>
/// Says how two versions of a published file differ: which rows and values for Parquet, which lines for text. Values are
/// compared as `repro diff` compares them (<see cref="ValueDistance"/>): NaN equals NaN, NaN against a number is infinitely far.
/// </summary>
public static class SnapshotDiff
{
    public static string Describe(string path, byte[] verified, byte[] received)
    {
        if (path.EndsWith(".parquet", StringComparison.Ordinal)) return DescribeParquet(verified, received);
        var a = Encoding.UTF8.GetString(verified).Split('\n');
        var b = Encoding.UTF8.GetString(received).Split('\n');
        int line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        string Line(string[] lines) => line < lines.Length ? lines[line].Trim() : "<end of file>";
        return $"first difference at line {line + 1}: verified `{Clip(Line(a))}`, received `{Clip(Line(b))}` ({a.Length} vs {b.Length} lines)";
    }

    static string DescribeParquet(byte[] verified, byte[] received)
    {
        var (a, _) = ParquetTable.Read(verified);
        var (b, _) = ParquetTable.Read(received);
        var names = a.Columns.Select(c => c.Name).ToList();
        if (!names.SequenceEqual(b.Columns.Select(c => c.Name)))
            return $"columns differ: verified [{string.Join(", ", names)}], received [{string.Join(", ", b.Columns.Select(c => c.Name))}]";
        if (a.RowCount != b.RowCount) return $"row count differs: verified {a.RowCount}, received {b.RowCount}";

        var report = new StringBuilder();
        foreach (var name in names)
        {
            var (x, y) = (a[name].Values, b[name].Values);
            var rows = Enumerable.Range(0, a.RowCount).Where(i => a[name].Type == ColumnType.Double
                ? !ValueDistance.Same(x[i] as double?, y[i] as double?) : !Equals(x[i], y[i])).ToList();
            if (rows.Count == 0) continue;
            report.Append($"column {name}: {rows.Count} of {a.RowCount} rows differ, first at row {rows[0]} ({x[rows[0]]} -> {y[rows[0]]})");
            if (a[name].Type == ColumnType.Double)
            {
                double Change(int i) => ValueDistance.Abs(x[i] as double?, y[i] as double?);
                report.Append($", largest absolute change {rows.Max(Change):R}");
                if (a.Columns.Any(c => c.Name == "metric"))
                {
                    // Per metric: how many rows moved and by how much at most.
                    var byMetric = rows.GroupBy(i => a["metric"].Values[i]).Select(g => $"{g.Key} ({g.Count()} rows, up to {g.Max(Change):G3})");
                    report.Append($", by metric: {string.Join(", ", byMetric)}");
                }
            }
            report.Append("; ");
        }
        return report.Length > 0 ? report.ToString() : "same values, different encoding (writer settings or Parquet.Net version changed)";
    }

    /// <summary>
    /// The largest distance in units in the last place between two Parquet files' double values, row by row
    /// (<see cref="ValueDistance.Ulp"/>: infinity for NaN against a number); null when the files do not line up.
    /// </summary>
    public static double? MaxUlps(byte[] verified, byte[] received)
    {
        var (a, _) = ParquetTable.Read(verified);
        var (b, _) = ParquetTable.Read(received);
        if (a.RowCount != b.RowCount || !a.Columns.Select(c => (c.Name, c.Type)).SequenceEqual(b.Columns.Select(c => (c.Name, c.Type)))) return null;
        double most = 0;
        foreach (var column in a.Columns.Where(c => c.Type == ColumnType.Double))
            for (int i = 0; i < a.RowCount; i++)
                most = Math.Max(most, ValueDistance.Ulp(column.Values[i] as double?, b[column.Name].Values[i] as double?));
        return most;
    }

    static string Clip(string s) => s.Length > 120 ? s[..120] + "..." : s;
}
