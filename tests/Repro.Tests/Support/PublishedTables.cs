using Repro.Core.Artifacts;

namespace Repro.Tests.Support;

/// <summary>A published folder's metrics.parquet read back as rows, for tests that recompute what it should hold.</summary>
public static class PublishedTables
{
    public sealed record Row(string Trial, long Step, string Metric, double Value);

    public static Table Read(string folder, string file) => ParquetTable.Read(File.ReadAllBytes(Path.Combine(folder, file))).Table;

    /// <summary>metrics.parquet's rows in file order.</summary>
    public static List<Row> Metrics(string folder)
    {
        var table = Read(folder, "metrics.parquet");
        return [.. Enumerable.Range(0, table.RowCount).Select(i =>
            new Row((string)table["trial"].Values[i]!, (long)table["step"].Values[i]!, (string)table["metric"].Values[i]!, (double)table["value"].Values[i]!))];
    }

    /// <summary>One trial's recorded or derived value at a step.</summary>
    public static double At(this IEnumerable<Row> rows, string trial, long step, string metric) =>
        rows.Single(r => r.Trial == trial && r.Step == step && r.Metric == metric).Value;
}
