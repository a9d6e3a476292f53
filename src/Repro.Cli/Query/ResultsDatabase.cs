using System.Data.Common;
using DuckDB.NET.Data;
using Repro.Core.Artifacts;

namespace Repro.Cli.Query;

/// <summary>
/// An in-memory DuckDB whose views are the published Parquet files under a results root: per spec
/// <c>&lt;spec&gt;_metrics</c>, <c>&lt;spec&gt;_summary</c>, <c>&lt;spec&gt;_references</c> and <c>&lt;spec&gt;</c> (its metrics),
/// with '-' in the spec's name written '_'; across specs <c>metrics</c>, <c>summary</c> and <c>references</c>, each
/// with a leading <c>spec</c> column. Views only: nothing is copied, DuckDB reads the files when a query runs.
/// </summary>
public sealed class ResultsDatabase : IDisposable
{
    /// <summary>The published tables, each a union view across specs.</summary>
    public static readonly IReadOnlyList<string> Tables = ["metrics", "summary", "references"];

    readonly DuckDBConnection connection;

    public IReadOnlyList<QueryView> Views { get; }

    ResultsDatabase(DuckDBConnection connection, IReadOnlyList<QueryView> views)
    {
        this.connection = connection;
        Views = views;
    }

    public static ResultsDatabase Open(string resultsRoot)
    {
        var published = Directory.Exists(resultsRoot) ? PublishedFolders.Under(resultsRoot) : [];
        if (published.Count == 0) throw QueryException.NoResults(resultsRoot);

        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            return new ResultsDatabase(connection, CreateViews(connection, published));
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
                if (!File.Exists(file)) continue; // references.parquet only where a metric used a reference solution
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
    public IReadOnlyList<QueryResult> Run(string sql)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var results = new List<QueryResult>();
            do
            {
                var columns = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => new QueryColumn(reader.GetName(i), QueryColumn.IsNumeric(reader.GetFieldType(i)))).ToList();
                var rows = new List<object?[]>();
                while (reader.Read())
                {
                    var row = new object?[columns.Count];
                    for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
                results.Add(new QueryResult(columns, rows));
            } while (reader.NextResult());
            return results;
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
    public long CopyTo(string sql, string path, QueryOutput format)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            // On lines of its own: a trailing `-- comment` must not swallow the closing parenthesis.
            string options = format == QueryOutput.Csv ? "FORMAT CSV, HEADER" : "FORMAT PARQUET";
            long rows = Execute(connection, $"COPY (\n{sql.TrimEnd().TrimEnd(';')}\n) TO {Sql.FileLiteral(temp)} ({options})");
            File.Move(temp, full, overwrite: true);
            return rows;
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

    static long Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
