namespace Repro.Cli.Query;

/// <summary>Quoting for the SQL that `repro query` writes itself (view names, file paths); user SQL is passed as is.</summary>
public static class Sql
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>An absolute file path as a string literal, so that the views do not depend on the working folder.</summary>
    public static string FileLiteral(string path) => Literal(Path.GetFullPath(path));
}
