using System.Data.Common;
using DuckDB.NET.Data;
using Repro.Core.Artifacts;

namespace Repro.Cli.Query;

/// <summary>
/// An in-memory DuckDB whose views are the published Parquet files under a results root: per spec
/// <c>&lt;spec&gt;_metrics</c>, <c>&lt;spec&gt;_summary</c>, <c>&lt;spec&gt;_references</c>, <c>&lt;spec&gt;_trials</c> and <c>&lt;spec&gt;</c> (its metrics),
/// with '-' in the spec's name written '_'; across specs <c>metrics</c>, <c>summary</c>, <c>references</c> and <c>trials</c>, each
/// with a leading <c>spec</c> column. Views only: nothing is copied, DuckDB reads the files when a query runs.
/// </summary>
public sealed class ResultsDatabase : IDisposable
{
    /// <summary>The published tables, each a union view across specs.</summary>
    public static readonly IReadOnlyList<string> Tables = ["metrics", "summary", "references", "trials"];

    readonly DuckDBConnection connection;

    public IReadOnlyList<QueryView> Views { get; }

    ResultsDatabase(DuckDBConnection connection, IReadOnlyList<QueryView> views)
    {
        this.connection = connection;
        Views = views;
    }

    /// <param name="allowExternal">
    /// false (the default): once the views exist, DuckDB may read only the published Parquet files and write only
    /// <paramref name="output"/>; no other file, no ATTACH, no extension install, and the user's SQL cannot turn
    /// it back on. true (`--allow-external`): DuckDB's full access, as the user's own.
    /// </param>
    /// <param name="output">the one file `--out` may write (created empty first, by the caller)</param>
    public static ResultsDatabase Open(string resultsRoot, bool allowExternal = false, string? output = null)
    {
        var published = Directory.Exists(resultsRoot) ? PublishedFolders.Under(resultsRoot) : [];
        if (published.Count == 0) throw QueryException.NoResults(resultsRoot);
        // The Parquet files a query reads are the ones the manifest vouches for, or the query does not run.
        foreach (var (dir, _) in published)
            if (PublishedFolder.Check(dir) is { Usable: false } check)
                throw Core.Fail.Artifact(dir, $"{check.Reason}; regenerate it with `repro run` on its spec, or remove it");

        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            var views = CreateViews(connection, published);
            if (!allowExternal)
            {
                var allowed = views.Select(v => v.Reads).Where(File.Exists).Select(Path.GetFullPath)
                    .Concat(output is null ? [] : [Path.GetFullPath(output)]).Distinct().Select(Sql.Literal);
                Execute(connection, $"SET allowed_paths = [{string.Join(", ", allowed)}]");
                // Not `lock_configuration`: that would refuse harmless settings (`SET threads = 1`) too. DuckDB itself
                // refuses to turn external access back on, or to widen the allowed paths, once it is off.
                Execute(connection, "SET enable_external_access = false");
            }
            return new ResultsDatabase(connection, views);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    static List<QueryView> CreateViews(DuckDBConnection connection, IReadOnlyList<(string Dir, string Name)> published)
    {
        var views = new List<QueryView>();
        var taken = new Dictionary<string, QueryView>(StringComparer.OrdinalIgnoreCase); // DuckDB's names ignore case
        void Create(QueryView view, string sql, string? file = null)
        {
            if (taken.TryGetValue(view.Name, out var other)) throw QueryException.ViewClash(view.Name, other.Reads, view.Reads);
            try
            {
                Execute(connection, $"CREATE VIEW {Sql.Identifier(view.Name)} AS {sql}");
            }
            catch (DbException e)
            {
                throw file is null ? QueryException.Failed(e.Message) : QueryException.Unreadable(file, e.Message);
            }
            taken[view.Name] = view;
            views.Add(view);
        }

        var members = Tables.ToDictionary(t => t, _ => new List<(string Spec, string View)>());
        foreach (var (dir, name) in published)
        {
            string prefix = name.Replace('-', '_');
            foreach (string table in Tables)
            {
                string file = Path.Combine(dir, table + ".parquet");
                if (!File.Exists(file)) continue; // references.parquet only where a metric used a reference solution; trials.parquet since engine 3's archives
                string view = $"{prefix}_{table}";
                Create(new QueryView(view, file), $"SELECT * FROM read_parquet({Sql.FileLiteral(file)})", file);
                members[table].Add((name, view));
            }
            // The spec's name alone is its main table, the metrics.
            if (File.Exists(Path.Combine(dir, "metrics.parquet")))
                Create(new QueryView(prefix, $"{prefix}_metrics"), $"SELECT * FROM {Sql.Identifier(prefix + "_metrics")}");
        }

        // BY NAME: specs sweep different paths, so their tables have different columns; one a spec lacks reads as null.
        foreach (string table in Tables.Where(t => members[t].Count > 0))
            Create(new QueryView(table, $"every spec's {table}, with a spec column"), string.Join("\nUNION ALL BY NAME\n",
                members[table].Select(m => $"SELECT {Sql.Literal(m.Spec)} AS spec, * FROM {Sql.Identifier(m.View)}")));
        return views;
    }

    /// <summary>Runs the SQL and reads every result whole: one per statement (`SET threads = 1; SELECT ...` is two).</summary>
    /// <param name="cancel">Ctrl+C or SIGTERM: interrupts DuckDB mid-query (duckdb_interrupt)</param>
    public IReadOnlyList<QueryResult> Run(string sql, CancellationToken cancel = default)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var stop = cancel.Register(command.Cancel);
            using var reader = command.ExecuteReader();
            var results = new List<QueryResult>();
            do
            {
                var columns = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => new QueryColumn(reader.GetName(i), QueryColumn.IsNumeric(reader.GetFieldType(i)))).ToList();
                var rows = new List<object?[]>();
                while (reader.Read())
                {
                    cancel.ThrowIfCancellationRequested();
                    var row = new object?[columns.Count];
                    for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
                results.Add(new QueryResult(columns, rows));
            } while (reader.NextResult());
            cancel.ThrowIfCancellationRequested();
            return results;
        }
        catch (DbException) when (cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancel); // DuckDB's "Interrupted!" is ours
        }
        catch (DbException e)
        {
            throw QueryException.Failed(e.Message);
        }
    }

    /// <summary>
    /// Writes the query's result to <paramref name="path"/> with DuckDB's COPY (CSV with a header, or Parquet): into a
    /// temporary file beside it, renamed over it when complete, so that a failed query leaves nothing half-written.
    /// Returns the number of rows written.
    /// </summary>
    public long CopyTo(string sql, string path, QueryOutput format, string temp, CancellationToken cancel = default)
    {
        try
        {
            // On lines of its own: a trailing `-- comment` must not swallow the closing parenthesis.
            // USE_TMP_FILE false: DuckDB would write its own temporary beside the file, which the sandbox does not allow (ours is that temporary).
            string options = format == QueryOutput.Csv ? "FORMAT CSV, HEADER, USE_TMP_FILE false" : "FORMAT PARQUET, USE_TMP_FILE false";
            long rows = Execute(connection, $"COPY (\n{sql.TrimEnd().TrimEnd(';')}\n) TO {Sql.FileLiteral(temp)} ({options})", cancel);
            cancel.ThrowIfCancellationRequested();
            File.Move(temp, Path.GetFullPath(path), overwrite: true);
            return rows;
        }
        catch (DbException) when (cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancel);
        }
        catch (DbException e)
        {
            throw QueryException.Failed(e.Message);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// The temporary file beside <paramref name="path"/> that `--out` writes before renaming it: created empty here,
    /// in .NET, so that a folder that cannot be written is a failure to run (exit 3), not bad SQL.
    /// </summary>
    public static string CreateTemp(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            string temp = $"{full}.tmp-{Guid.NewGuid():N}";
            File.Create(temp).Dispose();
            return temp;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Repro.Core.Fail.Run($"cannot write --out {path}: {e.Message}", e);
        }
    }

    static long Execute(DuckDBConnection connection, string sql, CancellationToken cancel = default)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var stop = cancel.Register(command.Cancel);
        return command.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
