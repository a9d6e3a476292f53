using Repro.Cli.Query;

namespace Repro.Cli.Commands;

/// <summary>
/// `repro query "SQL"`: SQL over every published Parquet file through DuckDB views (see <see cref="ResultsDatabase"/>),
/// printed as a text table or written to a CSV or Parquet file. Reads only Parquet, so it never loads libtorch.
/// </summary>
public static class QueryCommand
{
    public static int Execute(string? sql, string resultsRoot, string? outPath, bool list, TextWriter output, bool allowExternal = false,
        CancellationToken cancel = default)
    {
        // Usage errors first, before any file is opened.
        if (list && (sql is not null || outPath is not null)) throw QueryException.ListWithQuery();
        if (!list && string.IsNullOrWhiteSpace(sql)) throw QueryException.NoQuery();
        QueryOutput? format = outPath is null ? null : QueryOutputs.ForPath(outPath);

        string? temp = format is null ? null : ResultsDatabase.CreateTemp(outPath!);
        try
        {
            return Run(sql, resultsRoot, outPath, list, output, allowExternal, format, temp, cancel);
        }
        finally
        {
            if (temp is not null && File.Exists(temp)) File.Delete(temp);
        }
    }

    static int Run(string? sql, string resultsRoot, string? outPath, bool list, TextWriter output, bool allowExternal, QueryOutput? format, string? temp,
        CancellationToken cancel)
    {
        using var db = ResultsDatabase.Open(resultsRoot, allowExternal, temp);
        if (list)
        {
            var columns = new[] { new QueryColumn("view", Numeric: false), new QueryColumn("reads", Numeric: false) };
            QueryTable.Render(new QueryResult(columns, db.Views.Select(v => new object?[] { v.Name, v.Reads }).ToList()), output, "view");
        }
        else if (format is { } f)
        {
            long rows = db.CopyTo(sql!, outPath!, f, temp!, cancel);
            output.WriteLine($"wrote {outPath} ({rows} {(rows == 1 ? "row" : "rows")})");
        }
        else
        {
            var results = db.Run(sql!, cancel);
            for (int i = 0; i < results.Count; i++)
            {
                if (i > 0) output.WriteLine();
                QueryTable.Render(results[i], output);
            }
        }
        return ExitCodes.Ok;
    }
}
