using Repro.Core.Artifacts;

namespace Repro.Core.Spec;

/// <summary>
/// The columns of a Parquet data file (flat columns, as pandas, Polars, DuckDB and Spark write them): integer and
/// floating columns read as numbers; text and boolean columns are text columns. A missing value in a numeric column
/// is an error naming the column and row (Parquet has no line to point at).
/// </summary>
static class ParquetColumns
{
    public static (Dictionary<string, double[]> Columns, List<string> Order, Dictionary<string, string> Text, int Rows) Parse(byte[] bytes, string file, Mark at)
    {
        Table table;
        try { table = ParquetTable.Read(bytes).Table; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SpecException(new SpecError(at, $"data file {file} cannot be read as Parquet: {e.Message}", "write it with pandas, Polars, DuckDB or Spark as flat numeric columns"));
        }
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in table.Columns)
        {
            if (column.Type is not (ColumnType.Double or ColumnType.Int64)) { text[column.Name] = $"a {column.Type.ToString().ToLowerInvariant()} column"; continue; }
            var values = new double[column.Values.Count];
            for (int r = 0; r < values.Length; r++)
            {
                double v = column.Values[r] switch { double d => d, long l => l, _ => double.NaN };
                if (!double.IsFinite(v))
                    throw new SpecException(new SpecError(at, $"data file {file} has {(column.Values[r] is null ? "a missing value" : "a non-finite value")} in column '{column.Name}', row {r + 1}",
                        "give every example a finite value (drop or fill in the row)"));
                values[r] = v;
            }
            columns[column.Name] = values;
        }
        return (columns, [.. table.Columns.Select(c => c.Name)], text, table.RowCount);
    }
}
