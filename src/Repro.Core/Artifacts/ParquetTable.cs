using System.IO.Compression;
using Parquet;
using Parquet.Schema;

namespace Repro.Core.Artifacts;

/// <summary>
/// Writes a <see cref="Table"/> as one Parquet file, byte-for-byte reproducibly, and reads Parquet files back.
/// </summary>
public static class ParquetTable
{
    /// <summary>Rows per row group; a table is split into consecutive groups of this many rows (the last may be shorter).</summary>
    public const int RowGroupSize = 65_536;

    // Both set explicitly: Parquet.Net has changed its defaults between releases, and either one changes the bytes.
    // Zstd, not Snappy: Snappier picks its match-finding hash by CPU (SSE4.2 CRC32 or not), so Snappy bytes differ
    // between machines; ZstdSharp's output does not depend on hardware intrinsics. Optimal rather than SmallestSize:
    // about 10% larger files for about a fifth of the write time.
    private static ParquetOptions WriteOptions(Table table, DataField[] fields)
    {
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Zstd,
            CompressionLevel = CompressionLevel.Optimal,
        };
        // No min/max statistics for a double column that holds a NaN. Parquet.Net leaves NaN out of min/max, and DuckDB
        // skips a row group by them: `WHERE value > 1e10` then misses the NaN rows that DuckDB itself ranks above every
        // number (Polars finds them). Parquet.Net computes no min/max for a BYTE_STREAM_SPLIT column (null count only),
        // an encoding every reader we target decodes; InteropTests prove both the missing statistics and the query.
        for (int c = 0; c < fields.Length; c++)
            if (HoldsNaN(table.Columns[c]))
                options.ColumnEncodingHints[fields[c].Path.ToString()] = EncodingHint.ByteSplitStream;
        return options;
    }

    /// <summary>Whether a double column holds a NaN anywhere (so in some row group).</summary>
    public static bool HoldsNaN(Column column) =>
        column.Type == ColumnType.Double && column.Values.Any(v => v is double d && double.IsNaN(d));

    /// <summary>
    /// The one NaN repro writes: the positive quiet NaN 0x7FF8000000000000 (NumPy's, Arrow's and Java's). NaNs
    /// reach a table with other bits (0xFFF8…, the x86 default that 0/0 and .NET's double.NaN give, or whatever
    /// a vector-math path returns), and the sign of a NaN is not part of any result, so it must not be part of
    /// the bytes either.
    /// </summary>
    public static readonly double CanonicalNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000);

    /// <summary><paramref name="value"/>, with any NaN replaced by <see cref="CanonicalNaN"/>.</summary>
    public static double Canonical(double value) => double.IsNaN(value) ? CanonicalNaN : value;

    public static byte[] Write(Table table, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(metadata);
        Validate(table);
        return WriteAsync(table, metadata).GetAwaiter().GetResult();
    }

    public static (Table Table, IReadOnlyDictionary<string, string> Metadata) Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return ReadAsync(bytes).GetAwaiter().GetResult();
    }

    private static void Validate(Table table)
    {
        if (table.Columns.Count == 0)
            throw new ArgumentException("a Parquet table needs at least one column", nameof(table));
        var names = new HashSet<string>(StringComparer.Ordinal);
        int rows = table.Columns[0].Values.Count;
        foreach (var column in table.Columns)
        {
            if (!names.Add(column.Name))
                throw new ArgumentException($"duplicate column name '{column.Name}'", nameof(table));
            if (column.Values.Count != rows)
                throw new ArgumentException(
                    $"column '{column.Name}' has {column.Values.Count} values but column '{table.Columns[0].Name}' has {rows}",
                    nameof(table));
            var expected = ClrType(column.Type);
            for (int i = 0; i < rows; i++)
            {
                var value = column.Values[i];
                if (value is not null && value.GetType() != expected)
                    throw new ArgumentException(
                        $"column '{column.Name}' is {column.Type} but row {i} holds a {value.GetType().Name} ({value})",
                        nameof(table));
            }
        }
    }

    private static Type ClrType(ColumnType type) => type switch
    {
        ColumnType.String => typeof(string),
        ColumnType.Int64 => typeof(long),
        ColumnType.Double => typeof(double),
        ColumnType.Boolean => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type"),
    };

    private static DataField Field(Column column) => column.Type switch
    {
        ColumnType.String => new DataField<string>(column.Name, nullable: true),
        ColumnType.Int64 => new DataField<long?>(column.Name),
        ColumnType.Double => new DataField<double?>(column.Name),
        ColumnType.Boolean => new DataField<bool?>(column.Name),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "unknown column type"),
    };

    private static async Task<byte[]> WriteAsync(Table table, IReadOnlyDictionary<string, string> metadata)
    {
        var fields = table.Columns.Select(Field).ToArray();
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, WriteOptions(table, fields)))
        {
            // The footer keeps key-value pairs in enumeration order: sort so that callers' dictionary order is irrelevant.
            writer.CustomMetadata = metadata
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            for (int start = 0; start < table.RowCount; start += RowGroupSize)
            {
                int count = Math.Min(RowGroupSize, table.RowCount - start);
                using var group = writer.CreateRowGroup();
                for (int c = 0; c < fields.Length; c++)
                    await WriteColumnAsync(group, fields[c], table.Columns[c], start, count);
            }
        }
        return stream.ToArray();
    }

    private static Task WriteColumnAsync(ParquetRowGroupWriter group, DataField field, Column column, int start, int count)
    {
        switch (column.Type)
        {
            case ColumnType.String:
                var strings = new string[count];
                for (int i = 0; i < count; i++)
                    strings[i] = (string)column.Values[start + i]!; // null stays null: the field is optional
                return group.WriteAsync(field, strings);
            case ColumnType.Int64: return group.WriteAsync<long>(field, Slice<long>(column, start, count));
            case ColumnType.Double:
                var doubles = Slice<double>(column, start, count);
                for (int i = 0; i < count; i++)
                    if (doubles[i] is { } d) doubles[i] = Canonical(d);
                return group.WriteAsync<double>(field, doubles);
            case ColumnType.Boolean: return group.WriteAsync<bool>(field, Slice<bool>(column, start, count));
            default: throw new ArgumentOutOfRangeException(nameof(column), column.Type, "unknown column type");
        }
    }

    private static T?[] Slice<T>(Column column, int start, int count) where T : struct
    {
        var values = new T?[count];
        for (int i = 0; i < count; i++)
            values[i] = (T?)column.Values[start + i];
        return values;
    }

    private static async Task<(Table, IReadOnlyDictionary<string, string>)> ReadAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        await using var reader = await ParquetReader.CreateAsync(stream);

        // Only flat columns map onto a Table; lists, maps and structs do not.
        var fields = new List<DataField>();
        foreach (var field in reader.Schema.Fields)
        {
            if (field is not DataField data || data.MaxRepetitionLevel > 0)
                throw new NotSupportedException($"column '{field.Name}' is nested ({field.SchemaType}); only flat columns can be read");
            fields.Add(data);
        }
        var types = fields.Select(TypeOf).ToArray();
        var values = fields.Select(_ => new List<object?>()).ToArray();

        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int count = checked((int)group.RowCount);
            for (int c = 0; c < fields.Count; c++)
                values[c].AddRange(await ReadColumnAsync(group, fields[c], count));
        }

        var columns = fields.Select((f, c) => new Column(f.Name, types[c], values[c])).ToArray();
        var metadata = new Dictionary<string, string>(reader.CustomMetadata, StringComparer.Ordinal);
        return (new Table(columns), metadata);
    }

    // Parquet.Net 6 reports UTF-8 columns as ReadOnlyMemory<char>; they still read into string[].
    private static bool IsString(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static ColumnType TypeOf(DataField field)
    {
        var type = field.ClrType;
        if (IsString(type)) return ColumnType.String;
        if (type == typeof(double) || type == typeof(float)) return ColumnType.Double; // float32 widens exactly
        if (type == typeof(bool)) return ColumnType.Boolean;
        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte)
            || type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) || type == typeof(byte))
            return ColumnType.Int64;
        throw new NotSupportedException(
            $"column '{field.Name}' has type {type.Name}; only string, integer, double and boolean columns can be read");
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int count)
    {
        var type = field.ClrType;
        if (IsString(type))
        {
            var strings = new string[count];
            await group.ReadAsync(field, strings);
            return strings.Cast<object?>().ToArray();
        }
        if (type == typeof(double)) return await ReadStructAsync<double>(group, field, count, v => v);
        if (type == typeof(float)) return await ReadStructAsync<float>(group, field, count, v => (double)v);
        if (type == typeof(bool)) return await ReadStructAsync<bool>(group, field, count, v => v);
        if (type == typeof(long)) return await ReadStructAsync<long>(group, field, count, v => v);
        if (type == typeof(int)) return await ReadStructAsync<int>(group, field, count, v => (long)v);
        if (type == typeof(short)) return await ReadStructAsync<short>(group, field, count, v => (long)v);
        if (type == typeof(sbyte)) return await ReadStructAsync<sbyte>(group, field, count, v => (long)v);
        if (type == typeof(uint)) return await ReadStructAsync<uint>(group, field, count, v => (long)v);
        if (type == typeof(ushort)) return await ReadStructAsync<ushort>(group, field, count, v => (long)v);
        if (type == typeof(byte)) return await ReadStructAsync<byte>(group, field, count, v => (long)v);
        if (type == typeof(ulong))
            return await ReadStructAsync<ulong>(group, field, count, v => v <= long.MaxValue ? (long)v
                : throw new NotSupportedException($"column '{field.Name}' holds {v}, which does not fit in Int64"));
        throw new NotSupportedException($"column '{field.Name}' has type {type.Name}");
    }

    private static async Task<object?[]> ReadStructAsync<T>(ParquetRowGroupReader group, DataField field, int count, Func<T, object> box)
        where T : struct
    {
        var result = new object?[count];
        if (field.IsNullable)
        {
            var buffer = new T?[count];
            await group.ReadAsync<T>(field, buffer);
            for (int i = 0; i < count; i++)
                result[i] = buffer[i] is { } v ? box(v) : null;
        }
        else
        {
            var buffer = new T[count];
            await group.ReadAsync<T>(field, buffer.AsMemory());
            for (int i = 0; i < count; i++)
                result[i] = box(buffer[i]);
        }
        return result;
    }
}
