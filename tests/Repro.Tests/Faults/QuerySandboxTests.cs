using Repro.Tests.Support;

namespace Repro.Tests.Faults;

/// <summary>
/// `repro query` reads the published Parquet files and writes only `--out`: DuckDB's external access is off once
/// the views exist (and DuckDB refuses to turn it back on), so SQL cannot read other files, write elsewhere, attach databases or install
/// extensions. `--allow-external` gives DuckDB the user's own access back.
/// </summary>
public class QuerySandboxTests
{
    static readonly string Results = Repo.Path("results");

    static Task<ReproCli.Outcome> Query(string sql, params string[] options) => ReproCli.Run(["query", sql, "--results", Results, .. options]);

    [Fact]
    public async Task The_published_views_still_read()
    {
        var outcome = await Query("SELECT count(*) AS n FROM summary WHERE spec = 'min-norm-regression'");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("1 row", outcome.Stdout);
    }

    [Theory]
    [InlineData("SELECT * FROM read_text('{outside}')")]
    [InlineData("SELECT * FROM read_csv('{outside}')")]
    [InlineData("COPY (SELECT 1 AS a) TO '{target}'")]
    [InlineData("ATTACH '{target}' AS other")]
    [InlineData("INSTALL httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("RESET enable_external_access; SELECT 1")]
    [InlineData("SET allowed_directories = ['/']; SELECT 1")]
    [InlineData("SET allowed_paths = ['{outside}']; SELECT * FROM read_text('{outside}')")]
    public async Task Sql_cannot_reach_beyond_the_published_files(string template)
    {
        using var temp = new TempDir();
        string outside = temp.File("secret.txt", "not published\n");
        string target = Path.Combine(temp.Path, "written.out");
        var outcome = await Query(template.Replace("{outside}", outside).Replace("{target}", target));

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("repro: query failed: ", outcome.Stderr);
        Assert.DoesNotContain("not published", outcome.Stdout);
        Assert.False(File.Exists(target), "the SQL wrote a file");
        Assert.Equal(["secret.txt"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Out_still_writes_its_one_file_and_leaves_no_temporary()
    {
        using var temp = new TempDir();
        string csv = Path.Combine(temp.Path, "sub", "summary.csv");
        var outcome = await Query("SELECT spec, count(*) AS n FROM summary GROUP BY spec ORDER BY spec", "--out", csv);

        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("spec,n\n", File.ReadAllText(csv));
        Assert.Equal(["summary.csv"], Directory.GetFiles(Path.Combine(temp.Path, "sub")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Allow_external_gives_the_sql_the_users_own_access()
    {
        using var temp = new TempDir();
        string outside = temp.File("notes.csv", "a\n41\n");
        var outcome = await Query($"SELECT a + 1 AS b FROM read_csv('{outside}')", "--allow-external");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("42", outcome.Stdout);
    }

    [Fact]
    public async Task An_out_folder_that_cannot_be_written_is_a_run_failure_not_bad_sql()
    {
        // /proc accepts no new files, even for root (these tests may run as root, where a read-only mode bit is no obstacle).
        var outcome = await Query("SELECT 1 AS a", "--out", "/proc/repro-query-test.csv");

        Assert.Equal(3, outcome.ExitCode);
        Assert.StartsWith("repro: run failed: cannot write --out /proc/repro-query-test.csv: ", outcome.Stderr);
    }
}
