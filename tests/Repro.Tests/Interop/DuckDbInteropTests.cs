using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Interop;

/// <summary>
/// Reads every published Parquet file with DuckDB, an independent Parquet implementation, and holds it to
/// what Parquet.Net reads: a file only our own reader understands is not a published format.
/// </summary>
public class DuckDbInteropTests
{
    /// <summary>Every published Parquet file, relative to the repository root; not the snapshot tests' *.received.* copies.</summary>
    static IEnumerable<string> Published() =>
        Directory.GetFiles(Repo.Path("results"), "*.parquet", SearchOption.AllDirectories)
            .Where(path => !Path.GetFileName(path).Contains(".received.", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Repo.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> PublishedFiles() => new(Published());

    // The only DuckDB types a published column may have: a BIGINT read as INTEGER or UBIGINT, or a string read as
    // BLOB, would mean the file's logical types say something other than what we meant.
    static readonly Dictionary<string, ColumnType> DuckDbTypes = new(StringComparer.Ordinal)
    {
        ["VARCHAR"] = ColumnType.String,
        ["BIGINT"] = ColumnType.Int64,
        ["DOUBLE"] = ColumnType.Double,
        ["BOOLEAN"] = ColumnType.Boolean,
    };

    [Fact]
    public void There_are_published_files_to_check() => Assert.NotEmpty(Published());

    [Theory]
    [MemberData(nameof(PublishedFiles))]
    public void DuckDb_reads_the_same_columns_types_and_values_as_ParquetNet(string file)
    {
        string path = Repo.Path(file);
        var (expected, _) = ParquetTable.Read(File.ReadAllBytes(path));
        using var db = Open();

        var schema = Query(db, $"DESCRIBE SELECT * FROM read_parquet({Literal(path)})")
            .Select(row => (Name: (string)row[0]!, Type: (string)row[1]!)).ToList();
        Assert.Equal(expected.Columns.Select(c => c.Name), schema.Select(s => s.Name));
        for (int c = 0; c < schema.Count; c++)
        {
            Assert.True(DuckDbTypes.TryGetValue(schema[c].Type, out var type),
                $"{file}: column '{schema[c].Name}' reads as DuckDB {schema[c].Type}, which is none of {string.Join(", ", DuckDbTypes.Keys)}");
            Assert.Equal(expected.Columns[c].Type, type);
        }

        // Ordered by the row's position in the file, so that the comparison does not lean on DuckDB's
        // insertion-order preservation (a setting, and one that parallel scans may drop).
        var rows = Query(db, $"SELECT * EXCLUDE (file_row_number) FROM read_parquet({Literal(path)}, file_row_number = true) ORDER BY file_row_number");
        Assert.Equal(expected.RowCount, rows.Count);
        var mismatches = new List<string>();
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            var column = expected.Columns[c];
            for (int r = 0; r < rows.Count && mismatches.Count < 10; r++)
                if (!SameValue(column.Values[r], rows[r][c]))
                    mismatches.Add($"row {r}, column '{column.Name}': Parquet.Net {Show(column.Values[r])}, DuckDB {Show(rows[r][c])}");
        }
        Assert.True(mismatches.Count == 0, $"{file}:\n{string.Join("\n", mismatches)}");
    }

    [Theory]
    [MemberData(nameof(PublishedFiles))]
    public void DuckDb_sees_the_spec_hash_and_trial_keys_of_the_manifest_beside_the_file(string file)
    {
        string path = Repo.Path(file);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, ArtifactSet.ManifestFile)))!;
        using var db = Open();

        var metadata = Query(db, $"SELECT decode(key), decode(value) FROM parquet_kv_metadata({Literal(path)})")
            .ToDictionary(row => (string)row[0]!, row => (string)row[1]!, StringComparer.Ordinal);

        Assert.Equal((string)manifest["spec_hash"]!, metadata["repro.spec_hash"]);
        Assert.Equal(
            manifest["trials"]!.AsArray().Select(t => (string)t!["key"]!),
            metadata["repro.trial_keys"].Split(','));
    }

    [Fact]
    public void One_DuckDb_query_reads_every_specs_summary_as_one_table()
    {
        var files = Published().Where(f => f.EndsWith("/summary.parquet", StringComparison.Ordinal)).ToList();
        long expected = files.Sum(f => (long)ParquetTable.Read(File.ReadAllBytes(Repo.Path(f))).Table.RowCount);
        using var db = Open();

        // union_by_name: specs sweep different paths, so their summaries have different columns; a swept column a
        // spec lacks reads as null, and one swept with different types in different specs widens (or fails here).
        var perFile = Query(db, $"""
            SELECT parse_dirpath(filename), count(*), count(DISTINCT trial)
            FROM read_parquet({Literal(Repo.Path("results", "*", "summary.parquet"))}, union_by_name = true, filename = true)
            GROUP BY ALL ORDER BY ALL
            """);

        Assert.Equal(files.Count, perFile.Count);
        Assert.Equal(expected, perFile.Sum(row => (long)row[1]!));
        Assert.All(perFile, row => Assert.Equal(row[1], row[2])); // one row per trial, as in each file
    }

    // DuckDB prunes row groups by their min/max statistics, and ours leave NaN out (as the Parquet spec asks
    // writers to), so a comparison that NaN satisfies in DuckDB (NaN sorts above every number) can miss NaN rows.
    // isnan() is not pruned: the README tells readers to find NaN with it, and this holds that advice true.
    [Theory]
    [MemberData(nameof(PublishedFiles))]
    public void DuckDb_finds_every_NaN_with_isnan_even_through_row_group_pruning(string file)
    {
        string path = Repo.Path(file);
        var (table, _) = ParquetTable.Read(File.ReadAllBytes(path));
        using var db = Open();

        foreach (var column in table.Columns.Where(c => c.Type == ColumnType.Double))
        {
            long expected = column.Values.Count(v => v is double d && double.IsNaN(d));
            var found = Query(db, $"SELECT count(*) FROM read_parquet({Literal(path)}) WHERE isnan({Identifier(column.Name)})");
            Assert.True(expected == (long)found[0][0]!, $"{file}, column '{column.Name}': {expected} NaN, DuckDB's isnan finds {found[0][0]}");
        }
    }

    // DuckDB prunes row groups by their min/max statistics and ranks NaN above every number. Statistics that leave NaN out
    // (Parquet.Net's) would make a pushed-down `value > 10` skip a group's NaN rows while `value + 0 > 10` (not pushed)
    // finds them; a NaN column is written without min/max, so both agree. Two row groups, the NaN in the second.
    [Fact]
    public void DuckDb_comparisons_find_NaN_rows_whether_pushed_into_the_scan_or_not()
    {
        using var temp = new TempDir();
        string path = Path.Combine(temp.Path, "nan.parquet");
        int rows = ParquetTable.RowGroupSize + 3;
        var values = Enumerable.Range(0, rows).Select(i => (object?)(i == rows - 2 ? double.NaN : i % 7 * 0.5)).ToList();
        File.WriteAllBytes(path, ParquetTable.Write(new Table(
        [
            new Column("value", ColumnType.Double, values),
            new Column("clean", ColumnType.Double, [.. Enumerable.Range(0, rows).Select(i => (object?)(double)i)]),
        ]), new Dictionary<string, string>()));
        using var db = Open();

        long Count(string where) => (long)Query(db, $"SELECT count(*) FROM read_parquet({Literal(path)}) WHERE {where}")[0][0]!;

        Assert.Equal(1, Count("isnan(value)"));
        Assert.Equal(1, Count("value + 0 > 10")); // not pushed into the scan: NaN > 10 is true in DuckDB
        Assert.Equal(1, Count("value > 10"));     // pushed: no statistics to prune the NaN's row group by
        Assert.Equal(1, Count("value > 1e10"));
        Assert.Equal(1, Count("value = 'NaN'::DOUBLE"));

        // The NaN column has no min/max in either row group; a column without NaN keeps them, so it still prunes.
        var stats = Query(db, $"SELECT path_in_schema, row_group_id, stats_min_value, stats_max_value FROM parquet_metadata({Literal(path)}) ORDER BY ALL");
        Assert.Equal(4, stats.Count);
        Assert.All(stats.Where(s => (string)s[0]! == "value"), s => Assert.True(s[2] is null && s[3] is null, $"value, row group {s[1]}: min {s[2]}, max {s[3]}"));
        Assert.All(stats.Where(s => (string)s[0]! == "clean"), s => Assert.True(s[2] is not null && s[3] is not null, $"clean, row group {s[1]} has no min/max"));
    }

    // The same on every published file: for each double column, DuckDB's pushed-down comparison counts what the values
    // say it should (NaN ranks above every number in DuckDB, as in Polars).
    [Theory]
    [MemberData(nameof(PublishedFiles))]
    public void DuckDb_comparisons_on_published_doubles_count_NaN_rows_as_DuckDB_ranks_them(string file)
    {
        string path = Repo.Path(file);
        var (table, _) = ParquetTable.Read(File.ReadAllBytes(path));
        using var db = Open();

        foreach (var column in table.Columns.Where(c => c.Type == ColumnType.Double))
        {
            long expected = column.Values.Count(v => v is double d && (double.IsNaN(d) || d > 1e10));
            var found = Query(db, $"SELECT count(*) FROM read_parquet({Literal(path)}) WHERE {Identifier(column.Name)} > 1e10");
            Assert.True(expected == (long)found[0][0]!, $"{file}, column '{column.Name}': {expected} values above 1e10 or NaN, DuckDB finds {found[0][0]}");
        }
    }

    static DuckDBConnection Open()
    {
        var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        return db;
    }

    static List<object?[]> Query(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    // Doubles compare by their bits (so -0.0 differs from 0.0, and a rounded value shows); any NaN equals any NaN.
    static bool SameValue(object? ours, object? theirs) => (ours, theirs) switch
    {
        (null, null) => true,
        (double a, double b) => double.IsNaN(a) ? double.IsNaN(b) : BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (long a, long b) => a == b,
        (bool a, bool b) => a == b,
        _ => false, // includes a value of another CLR type than the column's
    };

    static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " (double)",
        _ => $"{value} ({value.GetType().Name})",
    };
}
