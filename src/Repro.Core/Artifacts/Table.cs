namespace Repro.Core.Artifacts;

/// <summary>The value types a published column may hold. Every column is nullable.</summary>
public enum ColumnType { String, Int64, Double, Boolean }

/// <summary>
/// One named, typed column. Values are <c>string</c>, <c>long</c>, <c>double</c>, <c>bool</c> or null,
/// matching <see cref="Type"/>.
/// </summary>
public sealed record Column(string Name, ColumnType Type, IReadOnlyList<object?> Values);

/// <summary>A column-oriented table: what every Parquet artifact is written from and read back into.</summary>
public sealed record Table(IReadOnlyList<Column> Columns)
{
    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Values.Count;

    public Column this[string name] =>
        Columns.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"no column '{name}'");
}
