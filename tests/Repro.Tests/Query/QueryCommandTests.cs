using System.Globalization;
using System.Text;
using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Query;

/// <summary>
/// `repro query` against the published results, every answer held to what Parquet.Net (not DuckDB) reads from the
/// same files.
/// </summary>
public class QueryCommandTests
{
    static readonly string Results = Repo.Path("results");

    static Table Read(string spec, string table) => ParquetTable.Read(File.ReadAllBytes(Path.Combine(Results, spec, table + ".parquet"))).Table;

    static async Task<List<string[]>> Rows(string sql, params string[] options)
    {
        var outcome = await ReproCli.Run(["query", sql, "--results", Results, .. options]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        return ParseTable(outcome.Stdout);
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("summary")]
    [InlineData("references")]
    public async Task Counts_per_spec_through_the_union_view_equal_ParquetNets_row_counts(string table)
    {
        var expected = Published.Names()
            .Where(name => File.Exists(Path.Combine(Results, name, table + ".parquet")))
            .Select(name => $"{name} {Read(name, table).RowCount}");

        var rows = await Rows($"SELECT spec, count(*) AS n FROM \"{table}\" GROUP BY spec ORDER BY spec"); // references is an SQL keyword

        Assert.Equal(expected, rows.Select(r => $"{r[0]} {r[1]}"));
    }

    [Fact]
    public async Task Selecting_from_a_spec_by_name_returns_the_metric_rows_ParquetNet_finds()
    {
        var metrics = Read("min-norm-regression", "metrics");
        var expected = Enumerable.Range(0, metrics.RowCount)
            .Where(r => (string)metrics["metric"].Values[r]! == "dist_to_min_norm" && (long)metrics["seed"].Values[r]! == 0)
            .Select(r => (Trial: (string)metrics["trial"].Values[r]!, Step: (long)metrics["step"].Values[r]!, Value: (double)metrics["value"].Values[r]!))
            .OrderBy(r => r.Trial, StringComparer.Ordinal).ThenBy(r => r.Step)
            .ToList();
        Assert.NotEmpty(expected);

        var rows = await Rows("SELECT trial, step, value FROM min_norm_regression WHERE metric = 'dist_to_min_norm' AND seed = 0 ORDER BY trial, step");

        Assert.Equal(expected.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].Trial, rows[i][0]);
            Assert.Equal(expected[i].Step, long.Parse(rows[i][1], CultureInfo.InvariantCulture));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].Value), BitConverter.DoubleToInt64Bits(ParseDouble(rows[i][2]))); // printed round-trip
        }
    }

    [Fact]
    public async Task Every_NaN_value_is_found_with_isnan_and_printed_as_NaN()
    {
        var values = Read("grokking", "metrics")["value"].Values;
        long expected = values.Count(v => v is double d && double.IsNaN(d));
        Assert.True(expected > 0, "grokking's metrics hold no NaN to look for any more; pick another spec");

        var count = await Rows("SELECT count(*) FROM grokking WHERE isnan(value)");
        var shown = await Rows("SELECT DISTINCT value FROM grokking WHERE isnan(value)");

        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), Assert.Single(count)[0]);
        Assert.Equal("NaN", Assert.Single(shown)[0]);
    }

    [Fact]
    public async Task The_table_right_aligns_numbers_and_prints_null_and_NaN()
    {
        var outcome = await ReproCli.Run("query", """
            SELECT 'nan'::DOUBLE AS x, NULL::BIGINT AS count, 'a' AS word, 0.1::DOUBLE AS tenth
            UNION ALL SELECT 1e300, 12345, 'longer', 1
            ORDER BY word
            """, "--results", Results);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(string.Join("\n",
            "     x  count  word    tenth",
            "------  -----  ------  -----",
            "   NaN   null  a         0.1",
            "1E+300  12345  longer      1",
            "2 rows",
            ""), outcome.Stdout);
    }

    [Fact]
    public async Task Each_statement_prints_its_own_table()
    {
        var outcome = await ReproCli.Run("query", "SET threads = 1; SELECT 1 AS a; SELECT 'x' AS b", "--results", Results);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(string.Join("\n", "a", "-", "1", "1 row", "", "b", "-", "x", "1 row", ""), outcome.Stdout);
    }

    [Theory]
    [InlineData("min-norm-regression")] // a swept column that is null for half the trials
    [InlineData("grokking")]
    public async Task Csv_out_round_trips_to_the_values_ParquetNet_reads(string spec)
    {
        using var temp = new TempDir();
        string csv = Path.Combine(temp.Path, "summary.csv");
        var expected = ByTrial(Read(spec, "summary"));

        var outcome = await ReproCli.Run("query", $"SELECT * FROM {spec.Replace('-', '_')}_summary ORDER BY trial", "--results", Results, "--out", csv);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal($"wrote {csv} ({expected.RowCount} rows)", outcome.Stdout.TrimEnd());
        var lines = File.ReadAllLines(csv);
        Assert.Equal(expected.Columns.Select(c => c.Name), SplitCsv(lines[0]));
        Assert.Equal(expected.RowCount, lines.Length - 1);
        for (int r = 0; r < expected.RowCount; r++)
        {
            var fields = SplitCsv(lines[r + 1]);
            for (int c = 0; c < expected.Columns.Count; c++)
                Assert.True(SameValue(expected.Columns[c].Values[r], FromCsv(expected.Columns[c].Type, fields[c])),
                    $"row {r}, column {expected.Columns[c].Name}: Parquet.Net {expected.Columns[c].Values[r]}, CSV {fields[c]}");
        }
        Assert.Equal([csv], Directory.GetFiles(temp.Path)); // no temporary file left beside it
    }

    [Fact]
    public async Task Parquet_out_is_read_by_ParquetNet_with_the_same_columns_types_and_values()
    {
        using var temp = new TempDir();
        string file = Path.Combine(temp.Path, "out", "summary.parquet");
        var expected = ByTrial(Read("min-norm-regression", "summary"));

        var outcome = await ReproCli.Run("query", "SELECT * FROM min_norm_regression_summary ORDER BY trial", "--results", Results, "--out", file);

        Assert.Equal(0, outcome.ExitCode);
        var (actual, _) = ParquetTable.Read(File.ReadAllBytes(file));
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.Type)), actual.Columns.Select(c => (c.Name, c.Type)));
        for (int c = 0; c < expected.Columns.Count; c++)
            Assert.True(expected.Columns[c].Values.Zip(actual.Columns[c].Values).All(p => SameValue(p.First, p.Second)), $"column {expected.Columns[c].Name} differs");
    }

    [Theory]
    [InlineData("SELEC 1", "Parser Error")]
    [InlineData("SELECT * FROM no_such_view", "Catalog Error")]
    [InlineData("SELECT no_such_column FROM summary", "Binder Error")]
    public async Task Bad_sql_exits_2_with_one_line_and_no_stack(string sql, string kind)
    {
        var outcome = await ReproCli.Run("query", sql, "--results", Results);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"repro: query failed: {kind}", Assert.Single(outcome.ErrorLines));
        Assert.Empty(outcome.Stdout);
    }

    [Fact]
    public async Task An_unquoted_references_view_fails_with_a_hint_to_quote_it()
    {
        var outcome = await ReproCli.Run("query", "SELECT count(*) FROM references", "--results", Results);

        Assert.Equal(2, outcome.ExitCode);
        Assert.EndsWith("quote it, FROM \"references\"", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public async Task A_failed_query_with_out_writes_nothing()
    {
        using var temp = new TempDir();
        var outcome = await ReproCli.Run("query", "SELECT error('deliberate') FROM summary", "--results", Results, "--out", Path.Combine(temp.Path, "x.csv"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("deliberate", Assert.Single(outcome.ErrorLines));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData("x.txt")]
    [InlineData("x.json")]
    [InlineData("x")]
    public async Task An_out_file_with_another_extension_exits_2_naming_the_allowed_ones(string name)
    {
        using var temp = new TempDir();
        var outcome = await ReproCli.Run("query", "SELECT 1", "--results", Results, "--out", Path.Combine(temp.Path, name));

        Assert.Equal(2, outcome.ExitCode);
        Assert.EndsWith("use .csv or .parquet", Assert.Single(outcome.ErrorLines));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task A_results_folder_elsewhere_holding_two_specs_gives_just_their_views()
    {
        // A quote and glob characters in the path: the views must quote it, and read it as a file name, not a pattern.
        using var temp = new TempDir();
        string root = Path.Combine(temp.Path, "it's [results] *");
        foreach (string name in new[] { "min-norm-regression", "single-neuron" })
            CopyFolder(Path.Combine(Results, name), Path.Combine(root, name));
        CopyFolder(Path.Combine(Results, "grokking"), Path.Combine(root, ".grokking.staging-1")); // a publish in progress: skipped

        var counts = ParseTable((await ReproCli.Run("query", "SELECT spec, count(*) FROM summary GROUP BY ALL ORDER BY ALL", "--results", root)).Stdout);
        var views = ParseTable((await ReproCli.Run("query", "--list", "--results", root)).Stdout).Select(r => r[0]);

        Assert.Equal(
            [$"min-norm-regression {Read("min-norm-regression", "summary").RowCount}", $"single-neuron {Read("single-neuron", "summary").RowCount}"],
            counts.Select(r => $"{r[0]} {r[1]}"));
        Assert.Equal(
            [
                "min_norm_regression_metrics", "min_norm_regression_summary", "min_norm_regression_references", "min_norm_regression_trials", "min_norm_regression",
                "single_neuron_metrics", "single_neuron_summary", "single_neuron_references", "single_neuron_trials", "single_neuron",
                "metrics", "summary", "references", "trials",
            ],
            views);
    }

    [Fact]
    public async Task No_published_results_exits_2_with_the_fix()
    {
        using var temp = new TempDir();
        var outcome = await ReproCli.Run("query", "SELECT 1", "--results", temp.Path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("no published results under", Assert.Single(outcome.ErrorLines));
        Assert.Contains("make results", outcome.Stderr);
    }

    [Fact]
    public async Task Show_tables_lists_every_view()
    {
        var names = (await Rows("SHOW TABLES")).Select(r => r[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["metrics", "summary", "references", "grokking", "grokking_metrics", "grokking_summary", "min_norm_regression_references"]), names);
        Assert.DoesNotContain("grokking_references", names); // grokking uses no reference solution
    }

    [Fact]
    public async Task The_readme_example_queries_run()
    {
        string readme = File.ReadAllText(Repo.Path("README.md"));
        string section = readme[readme.IndexOf("## Querying results", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var queries = section.Split('\n').Where(line => line.StartsWith("repro query \"", StringComparison.Ordinal))
            .Select(line => line["repro query \"".Length..line.LastIndexOf('"')]).ToList();
        Assert.True(queries.Count >= 3, "README's Querying results section has fewer than 3 `repro query \"...\"` lines");

        foreach (string sql in queries)
            Assert.NotEmpty(await Rows(sql));
    }

    /// <summary>The data rows of a text table: the lines between the rule and "N rows", split on runs of spaces (values here have none).</summary>
    static List<string[]> ParseTable(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^\d+ rows?$|^\d+ views?$", lines[^1]);
        return lines[2..^1].Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
    }

    static Table ByTrial(Table table)
    {
        var order = Enumerable.Range(0, table.RowCount).OrderBy(r => (string)table["trial"].Values[r]!, StringComparer.Ordinal).ToList();
        return new Table(table.Columns.Select(c => c with { Values = order.Select(r => c.Values[r]).ToList() }).ToList());
    }

    /// <summary>RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes, not newlines).</summary>
    static List<string?> SplitCsv(string line)
    {
        var fields = new List<string?>();
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted && ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (ch == '"') { quoted = !quoted; wasQuoted = true; }
            else if (ch == ',' && !quoted) { fields.Add(Field()); }
            else field.Append(ch);
        }
        fields.Add(Field());
        return fields;

        // DuckDB writes NULL as an empty field and an empty string as "".
        string? Field()
        {
            string? text = field.Length == 0 && !wasQuoted ? null : field.ToString();
            field.Clear();
            wasQuoted = false;
            return text;
        }
    }

    static object? FromCsv(ColumnType type, string? text) => text is null ? null : type switch
    {
        ColumnType.String => text,
        ColumnType.Int64 => long.Parse(text, CultureInfo.InvariantCulture),
        ColumnType.Double => ParseDouble(text),
        ColumnType.Boolean => bool.Parse(text),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    // .NET reads "NaN" and "Infinity" (the table's spelling); DuckDB's CSV writes "nan" and "inf".
    static double ParseDouble(string text) => text switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    // Doubles by their bits (any NaN equals any NaN), so that a value rounded on the way shows.
    static bool SameValue(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (double a, double b) => double.IsNaN(a) ? double.IsNaN(b) : BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
        _ => Equals(expected, actual),
    };

    static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
