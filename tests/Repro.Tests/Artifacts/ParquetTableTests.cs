using System.Security.Cryptography;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;
using Repro.Core.Artifacts;
using Xunit;

namespace Repro.Tests.Artifacts;

public class ParquetTableTests
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private static Table AllTypes() => new([
        new Column("name", ColumnType.String, ["a", null, "", "ünïcødé"]),
        new Column("count", ColumnType.Int64, [long.MinValue, 0L, null, long.MaxValue]),
        new Column("score", ColumnType.Double, [double.NaN, double.PositiveInfinity, double.NegativeInfinity, null]),
        new Column("ok", ColumnType.Boolean, [true, false, null, true]),
    ]);

    private static Table Numbers(int rows) =>
        new([new Column("i", ColumnType.Int64, Enumerable.Range(0, rows).Select(i => (object?)(long)i).ToArray())]);

    private static void AssertSameTable(Table expected, Table actual)
    {
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.Type)), actual.Columns.Select(c => (c.Name, c.Type)));
        for (int c = 0; c < expected.Columns.Count; c++)
            // object.Equals on boxed doubles treats NaN as equal to NaN, which is what a round trip should preserve.
            Assert.Equal(expected.Columns[c].Values, actual.Columns[c].Values);
    }

    [Fact]
    public void Round_trips_every_column_type_with_nulls()
    {
        var table = AllTypes();

        var (read, _) = ParquetTable.Read(ParquetTable.Write(table, NoMetadata));

        AssertSameTable(table, read);
        Assert.True(double.IsNaN((double)read["score"].Values[0]!));
        Assert.Equal(double.PositiveInfinity, read["score"].Values[1]);
        Assert.Equal(double.NegativeInfinity, read["score"].Values[2]);
        Assert.Null(read["score"].Values[3]);
    }

    [Fact]
    public void Keeps_column_names_and_order_exactly_as_given()
    {
        string[] names = ["z last", "A.b", "path/like", "ünï", "a"];
        var table = new Table(names.Select(n => new Column(n, ColumnType.Boolean, [true])).ToArray());

        var (read, _) = ParquetTable.Read(ParquetTable.Write(table, NoMetadata));

        Assert.Equal(names, read.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Round_trips_metadata()
    {
        var metadata = new Dictionary<string, string> { ["repro.spec"] = "abc", ["seed"] = "42", ["empty"] = "" };

        var (_, read) = ParquetTable.Read(ParquetTable.Write(AllTypes(), metadata));

        Assert.Equal(metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal), read.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Same_table_and_metadata_give_identical_bytes()
    {
        var first = ParquetTable.Write(AllTypes(), new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var second = ParquetTable.Write(AllTypes(), new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });

        Assert.Equal(first, second);
    }

    // Guards cross-process and cross-machine determinism, which a within-process comparison cannot. Changing
    // Parquet.Net's version (it is embedded in created_by) or the write settings changes this hash on purpose.
    [Fact]
    public void Different_data_or_metadata_give_different_bytes()
    {
        var baseline = ParquetTable.Write(Numbers(10), NoMetadata);
        var values = Numbers(10).Columns[0].Values.ToArray();
        values[5] = 99L;
        var otherData = new Table([new Column("i", ColumnType.Int64, values)]);

        Assert.NotEqual(baseline, ParquetTable.Write(otherData, NoMetadata));
        Assert.NotEqual(baseline, ParquetTable.Write(Numbers(10), new Dictionary<string, string> { ["k"] = "v" }));
    }

    [Fact]
    public async Task Splits_more_rows_than_one_row_group_and_reads_them_back_in_order()
    {
        int rows = 2 * ParquetTable.RowGroupSize + 5;
        var table = Numbers(rows);
        var bytes = ParquetTable.Write(table, NoMetadata);

        var (read, _) = ParquetTable.Read(bytes);

        AssertSameTable(table, read);
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        Assert.Equal(new long[] { ParquetTable.RowGroupSize, ParquetTable.RowGroupSize, 5 },
            reader.Metadata!.RowGroups.Select(g => g.NumRows));
        Assert.All(reader.Metadata.RowGroups.SelectMany(g => g.Columns),
            chunk => Assert.Equal(CompressionCodec.ZSTD, chunk.MetaData!.Codec));
    }

    [Fact]
    public void Round_trips_a_table_with_no_rows()
    {
        var table = new Table([new Column("s", ColumnType.String, []), new Column("d", ColumnType.Double, [])]);

        var (read, _) = ParquetTable.Read(ParquetTable.Write(table, NoMetadata));

        AssertSameTable(table, read);
    }

    [Fact]
    public void Rejects_columns_of_unequal_length()
    {
        var table = new Table([new Column("a", ColumnType.Int64, [1L, 2L]), new Column("b", ColumnType.Int64, [1L])]);

        var error = Assert.Throws<ArgumentException>(() => ParquetTable.Write(table, NoMetadata));
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void Rejects_duplicate_column_names()
    {
        var table = new Table([new Column("a", ColumnType.Int64, [1L]), new Column("a", ColumnType.String, ["x"])]);

        var error = Assert.Throws<ArgumentException>(() => ParquetTable.Write(table, NoMetadata));
        Assert.Contains("duplicate", error.Message);
    }

    [Theory]
    [InlineData(ColumnType.Int64, 1)] // an int is not a long
    [InlineData(ColumnType.Double, 1f)]
    [InlineData(ColumnType.String, 'c')]
    [InlineData(ColumnType.Boolean, "true")]
    public void Rejects_a_value_whose_type_does_not_match_its_column(ColumnType type, object value)
    {
        var table = new Table([new Column("v", type, [null, value])]);

        var error = Assert.Throws<ArgumentException>(() => ParquetTable.Write(table, NoMetadata));
        Assert.Contains("row 1", error.Message);
    }

    [Fact]
    public async Task Reads_required_and_narrower_integer_columns_written_elsewhere()
    {
        var bytes = await WriteWithParquetNet(
            new ParquetSchema(new DataField<int>("i32"), new DataField<short?>("i16"), new DataField<string>("s", nullable: false)),
            async (group, fields) =>
            {
                await group.WriteAsync<int>(fields[0], new[] { 1, -2 }.AsMemory());
                await group.WriteAsync<short>(fields[1], new short?[] { null, 7 }.AsMemory());
                await group.WriteAsync(fields[2], new[] { "x", "y" });
            });

        var (read, _) = ParquetTable.Read(bytes);

        Assert.Equal([ColumnType.Int64, ColumnType.Int64, ColumnType.String], read.Columns.Select(c => c.Type));
        Assert.Equal([1L, -2L], read["i32"].Values);
        Assert.Equal([null, 7L], read["i16"].Values);
        Assert.Equal(["x", "y"], read["s"].Values);
    }

    [Fact]
    public async Task Reads_float32_columns_as_the_doubles_they_widen_to()
    {
        var bytes = await WriteWithParquetNet(
            new ParquetSchema(new DataField<float?>("f")),
            (group, fields) => group.WriteAsync<float>(fields[0], new float?[] { 0.1f, null }.AsMemory()));

        var f = ParquetTable.Read(bytes).Table["f"];
        Assert.Equal(ColumnType.Double, f.Type);
        Assert.Equal([(double)0.1f, null], f.Values);
    }

    [Fact]
    public async Task Refuses_to_read_a_column_of_an_unsupported_type()
    {
        var bytes = await WriteWithParquetNet(
            new ParquetSchema(new DataField<DateTime?>("t")),
            (group, fields) => group.WriteAsync<DateTime>(fields[0], new DateTime?[] { DateTime.UnixEpoch }.AsMemory()));

        var error = Assert.Throws<NotSupportedException>(() => ParquetTable.Read(bytes));
        Assert.Contains("'t'", error.Message);
    }

    // Writes one row group with Parquet.Net's defaults, standing in for a file from another tool.
    private static async Task<byte[]> WriteWithParquetNet(ParquetSchema schema, Func<ParquetRowGroupWriter, DataField[], Task> writeGroup)
    {
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            using var group = writer.CreateRowGroup();
            await writeGroup(group, schema.DataFields);
        }
        return stream.ToArray();
    }

    [Fact]
    public void Every_NaN_is_written_as_the_one_canonical_pattern()
    {
        double negative = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0000)); // what 0/0 gives on x86
        double payload = BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0042);                  // a signalling NaN with a payload
        var table = new Table([new Column("value", ColumnType.Double, [negative, payload, double.NaN, 1.5, null])]);
        var (read, _) = ParquetTable.Read(ParquetTable.Write(table, new Dictionary<string, string>()));
        var bits = read["value"].Values.Take(3).Select(v => BitConverter.DoubleToInt64Bits((double)v!)).ToList();
        Assert.All(bits, b => Assert.Equal(0x7FF8_0000_0000_0000, b));
        Assert.Equal([1.5, null], read["value"].Values.Skip(3));
        // The bytes do not depend on which NaN came in.
        var positive = new Table([new Column("value", ColumnType.Double, [ParquetTable.CanonicalNaN, ParquetTable.CanonicalNaN, ParquetTable.CanonicalNaN, 1.5, null])]);
        Assert.Equal(ParquetTable.Write(positive, new Dictionary<string, string>()), ParquetTable.Write(table, new Dictionary<string, string>()));
    }
}
