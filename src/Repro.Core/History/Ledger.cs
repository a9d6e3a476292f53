using System.Text;
using System.Text.Json;
using Repro.Core.Artifacts;

namespace Repro.Core.History;

/// <summary>
/// The run history: `ledger.jsonl`, one <see cref="LedgerEntry"/> per line, one line per publish (also when the
/// folder already held those bytes), with every published file in the <see cref="ObjectStore"/> beside it. It lives
/// in the trial cache's folder (`&lt;cache&gt;/history/`): the cache is what keeps earlier results reachable, and a
/// fresh cache starts a fresh history. Appends rewrite the file by rename under a lock, so concurrent runs never
/// interleave and a killed run leaves the ledger as it was.
/// </summary>
public sealed class Ledger
{
    public const string Folder = "history";
    public const string FileName = "ledger.jsonl";

    /// <summary>Far above any real history (a line is about 1 KiB); a larger file is not a ledger.</summary>
    const long MaxBytes = 256L << 20;

    static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public string Root { get; }
    public string Path { get; }
    public ObjectStore Objects { get; }

    public Ledger(string cacheRoot)
    {
        Root = System.IO.Path.Combine(cacheRoot, Folder);
        Path = System.IO.Path.Combine(Root, FileName);
        Objects = new ObjectStore(System.IO.Path.Combine(Root, "objects"));
    }

    /// <summary>How long an append waits for another run's.</summary>
    public static TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Stores the files, then appends the entry <paramref name="entry"/> describes with the next index.</summary>
    /// <param name="entry">the entry without its index and files (both are filled in here)</param>
    public LedgerEntry Append(LedgerEntry entry, IReadOnlyDictionary<string, byte[]> files)
    {
        var stored = files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new LedgerFile(f.Key, Objects.Put(f.Value), f.Value.LongLength)).ToList();
        Directory.CreateDirectory(Root);
        using var held = FileLock.Acquire(System.IO.Path.Combine(Root, ".ledger.lock"), LockTimeout);
        var existing = File.Exists(Path) ? File.ReadAllBytes(Path) : [];
        var entries = Parse(existing);
        var added = entry with { Index = entries.Count == 0 ? 1 : entries[^1].Index + 1, Files = stored };
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(added, Options) + "\n");
        Publisher.WriteFile(Path, [.. existing, .. line]);
        return added;
    }

    /// <summary>Every entry, oldest first; none when nothing was published with this cache yet.</summary>
    public IReadOnlyList<LedgerEntry> Read()
    {
        if (!File.Exists(Path)) return [];
        if (new FileInfo(Path).Length > MaxBytes)
            throw Fail.Artifact(Path, $"is larger than {MaxBytes >> 20} MiB: not a ledger repro wrote");
        return Parse(File.ReadAllBytes(Path));
    }

    /// <summary>The files of an entry, as published, each checked against its SHA-256.</summary>
    public IReadOnlyDictionary<string, byte[]> Files(LedgerEntry entry) =>
        entry.Files.ToDictionary(f => f.Path, f => Objects.Get(f.Sha256, $"{f.Path} of history entry @{entry.Index}"), StringComparer.Ordinal);

    IReadOnlyList<LedgerEntry> Parse(byte[] bytes)
    {
        var entries = new List<LedgerEntry>();
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            LedgerEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<LedgerEntry>(lines[i], Options);
            }
            catch (JsonException e)
            {
                throw Fail.Artifact(Path, $"line {i + 1} is not a ledger entry ({e.Message.Split('.')[0]}); "
                    + "delete that line, or the whole file to start a fresh history");
            }
            if (entry is null || entry.Spec is null || entry.Files is null || entry.ContentSha256 is null)
                throw Fail.Artifact(Path, $"line {i + 1} is not a ledger entry (a field is missing); delete that line, or the whole file to start a fresh history");
            entries.Add(entry);
        }
        return entries;
    }
}
