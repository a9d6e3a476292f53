using System.Security.Cryptography;

namespace Repro.Core.Spec;

/// <summary>
/// A data file a spec names (CSV with a header row, or Parquet), read once when the spec is bound: its bytes are
/// hashed and parsed from the same buffer, so what trains is what was checked. Its SHA-256, not its path, enters the
/// trial key: moving the file keeps the cache, editing one number retrains. Compared by that hash.
/// </summary>
/// <param name="Path">as the spec writes it (for messages)</param>
/// <param name="Columns">every numeric column, by name</param>
/// <param name="Order">every column name, numeric or not, in file order</param>
/// <param name="TextColumns">columns that are not numbers, with where that shows: named as an input or label they are an error, not a crash</param>
public sealed record DataFile(string Path, string Sha256, IReadOnlyDictionary<string, double[]> Columns, IReadOnlyList<string> Order,
    IReadOnlyDictionary<string, string> TextColumns, int Rows)
{
    /// <summary>An optional file left out.</summary>
    public static readonly DataFile None = new("", "", new Dictionary<string, double[]>(), [], new Dictionary<string, string>(), 0);

    /// <summary>Files larger than this are refused: the data of a spec lives in memory, once per trial.</summary>
    public const long MaxBytes = 256L << 20;

    public bool IsNone => Sha256.Length == 0;

    public double[] Column(string name) => Columns[name];

    /// <summary>Why <paramref name="name"/> cannot be read as numbers from this file, or null.</summary>
    public string? Problem(string name) =>
        Columns.ContainsKey(name) ? null
        : TextColumns.TryGetValue(name, out var where) ? $"column '{name}' of {Path} holds text, not numbers ({where})"
        : $"{Path} has no column '{name}' (it has {string.Join(", ", Order)}{(DidYouMean.Nearest(name, Order) is { } near ? $"; did you mean '{near}'?" : "")})";

    /// <summary>The canonical value: the content hash.</summary>
    public override string ToString() => $"sha256:{Sha256}";

    public bool Equals(DataFile? other) => other is not null && Sha256 == other.Sha256;

    public override int GetHashCode() => Sha256.GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// Reads <paramref name="written"/> (relative to the folder of the spec at <paramref name="at"/>). A problem in the
    /// file itself is reported at its place in the file (a CSV's line and column); one with the path at the spec's.
    /// </summary>
    public static DataFile Load(string written, Mark at)
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(at.File.Length > 0 ? at.File : "spec.yaml"))!;
        string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, written));
        string format = System.IO.Path.GetExtension(full).ToLowerInvariant();
        if (format is not (".csv" or ".parquet"))
            throw new SpecException(new SpecError(at, $"data file '{written}' is neither .csv nor .parquet", "name a CSV file with a header row, or a Parquet file"));
        byte[] bytes;
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
                throw new SpecException(new SpecError(at, $"data file '{written}' does not exist (looked for {full})", "give the path relative to the spec's folder"));
            if (info.Length > MaxBytes)
                throw new SpecException(new SpecError(at, $"data file '{written}' has {info.Length} bytes, more than {MaxBytes}", "use a smaller file, or a sample of it"));
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException(new SpecError(at, $"data file '{written}' cannot be read: {e.Message}", "check the path and its permissions"));
        }
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var (columns, order, text, rows) = format == ".csv" ? CsvColumns.Parse(bytes, written) : ParquetColumns.Parse(bytes, written, at);
        if (rows == 0)
            throw new SpecException(new SpecError(at, $"data file '{written}' has no rows", "give at least one row of data"));
        return new DataFile(written, sha, columns, order, text, rows);
    }
}
