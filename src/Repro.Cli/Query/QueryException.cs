namespace Repro.Cli.Query;

/// <summary>
/// What went wrong with `repro query`, as one line for stderr (bad input: exit 2). Built by the factory methods,
/// so that every message says what failed and, where there is one, the fix.
/// </summary>
public sealed class QueryException : Exception
{
    QueryException(string message) : base(message) { }

    /// <summary>DuckDB refused or failed the query; its message, without the caret block it draws under the SQL.</summary>
    public static QueryException Failed(string duckDbMessage)
    {
        string message = OneLine(duckDbMessage);
        // The union view `references` is an SQL keyword: unquoted it is a bare syntax error, which does not say so.
        if (message.Contains("at or near \"references\"", StringComparison.Ordinal))
            message += "; references is an SQL keyword: quote it, FROM \"references\"";
        return new($"query failed: {message}");
    }

    public static QueryException NoResults(string resultsRoot) => new(
        $"no published results under {resultsRoot}; run `make results` (or `repro run SPEC`) first, or pass --results DIR");

    public static QueryException Unreadable(string path, string duckDbMessage) => new(
        $"cannot read {path}: {OneLine(duckDbMessage)}; regenerate it with `repro run`, or pass --results DIR");

    public static QueryException UnknownOutput(string path) => new(
        $"--out {path}: unknown extension '{Path.GetExtension(path)}'; use .csv or .parquet");

    public static QueryException NoQuery() => new("no SQL given; write e.g. `repro query \"SELECT * FROM summary\"`, or `repro query --list`");

    public static QueryException ListWithQuery() => new("--list prints the views and runs nothing; drop the SQL and --out, or --list");

    public static QueryException ViewClash(string view, string first, string second) => new(
        $"two views would be named '{view}' ({first}; {second}); rename one of the results folders");

    // DuckDB appends "LINE 1: <sql>" and a caret line to parser and binder errors: meaningless on one line.
    static string OneLine(string message) => string.Join(" ", message
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .TakeWhile(line => !line.StartsWith("LINE ", StringComparison.Ordinal)));
}
