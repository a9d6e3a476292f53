namespace Repro.Cli.Query;

/// <summary>What `--out FILE` writes, chosen by the file's extension.</summary>
public enum QueryOutput { Csv, Parquet }

public static class QueryOutputs
{
    /// <summary>The format for <paramref name="path"/>'s extension (case-insensitive); any other extension is a usage error.</summary>
    public static QueryOutput ForPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => QueryOutput.Csv,
        ".parquet" => QueryOutput.Parquet,
        _ => throw QueryException.UnknownOutput(path),
    };
}
