using System.Numerics;

namespace Repro.Cli.Query;

/// <summary>A query's whole result: its columns and rows (values as DuckDB.NET reads them; null for SQL NULL).</summary>
public sealed record QueryResult(IReadOnlyList<QueryColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>A result column; numbers are right-aligned in the text table.</summary>
public sealed record QueryColumn(string Name, bool Numeric)
{
    static readonly HashSet<Type> NumericTypes =
    [
        typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(Int128), typeof(UInt128), typeof(BigInteger), typeof(Half), typeof(float), typeof(double), typeof(decimal),
    ];

    public static bool IsNumeric(Type type) => NumericTypes.Contains(Nullable.GetUnderlyingType(type) ?? type);
}
