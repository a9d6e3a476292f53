using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Core.Cache;
using Repro.Tests.Support;

namespace Repro.Tests.Faults;

/// <summary>
/// A spec, a results folder and a cache in a temp folder, run through the command line: the ground on which a fault
/// is injected and what the next command does with it is checked, by the bytes it publishes and the cache it leaves.
/// </summary>
public sealed class FaultWorkspace : IDisposable
{
    /// <summary>Two trials per lr with references (dist_to_min_norm) and a claim, so every kind of published file is there.</summary>
    public const string Spec = Specs.Tiny + """

        sweep: { optimizer.lr: [0.01, 0.02] }
        claims:
          - id: fits
            metric: train_loss
            reduce: max
            expect: "< 1.0"
        figures:
          - id: loss
            kind: line
            x: step
            y: train_loss
        """;

    readonly TempDir temp = new();

    public FaultWorkspace() : this(Spec) { }

    /// <summary>Another spec (named tiny, so that it publishes to <see cref="Published"/>).</summary>
    public FaultWorkspace(string spec) => SpecFile = temp.File("tiny.yaml", spec);

    public string Root => temp.Path;
    public string SpecFile { get; }
    public string Results => Path.Combine(temp.Path, "results");
    public string Published => Path.Combine(Results, "tiny");
    public string Cache => Path.Combine(temp.Path, "cache");

    public Task<ReproCli.Outcome> Run(params string[] extra) => ReproCli.Run(["run", SpecFile, "--results", Results, "--cache", Cache, .. extra]);

    public Task<ReproCli.Outcome> Plan() => ReproCli.Run(["plan", SpecFile, "--cache", Cache]);

    /// <summary>Every published file but the provenance (which names the run), by path.</summary>
    public Dictionary<string, byte[]> PublishedBytes() => Directory.GetFiles(Published, "*", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith(ArtifactSet.ProvenanceFile, StringComparison.Ordinal))
        .ToDictionary(f => Path.GetRelativePath(Results, f), File.ReadAllBytes);

    /// <summary>
    /// Every file of every cache entry (temp folders left out), by path under the cache; not the run history beside
    /// the entries, which gains a line with every publish by design.
    /// </summary>
    public Dictionary<string, byte[]> CacheBytes() => Directory.Exists(Cache)
        ? Directory.GetFiles(Cache, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.tmp{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(Cache, f).StartsWith(Repro.Core.History.Ledger.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Cache, f), File.ReadAllBytes)
        : [];

    /// <summary>Each entry folder under the cache (the key's own location and any fresh one beside it).</summary>
    public IReadOnlyList<string> EntryFolders() => [.. Directory.GetDirectories(Cache).Where(d => Path.GetFileName(d).Length == 2)
        .SelectMany(Directory.GetDirectories).Order(StringComparer.Ordinal)];

    /// <summary>Reads an entry the way the cache does, failing the test if it does not verify.</summary>
    public static void AssertVerifies(string dir) => CacheEntry.Read(dir, Path.GetFileName(dir).Split('.')[0]);

    public static JsonObject Entry(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, CacheEntry.EntryFile)))!.AsObject();

    /// <summary>Writes entry.json as given, with its digest made anew: an edit by someone who knows the format.</summary>
    public static void WriteEntry(string dir, JsonObject entry, bool redigest)
    {
        if (redigest)
        {
            entry.Remove("digest");
            entry["digest"] = Convert.ToHexStringLower(SHA256.HashData(ArtifactSet.Json(entry)));
        }
        File.WriteAllBytes(Path.Combine(dir, CacheEntry.EntryFile), ArtifactSet.Json(entry));
    }

    readonly List<string> immutable = [];

    /// <summary>
    /// Makes a folder immutable (chattr +i): not even root can rename, delete or write in it, which is how a test
    /// running as root gets an entry that cannot be removed. False where the file system or the process cannot.
    /// </summary>
    public bool MakeImmutable(string dir)
    {
        if (Chattr("+i", dir) != 0) return false;
        immutable.Add(dir);
        return true;
    }

    internal static int Chattr(string flag, string path)
    {
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // no chattr on this machine
        }
    }

    public void Dispose()
    {
        foreach (var dir in immutable) Chattr("-i", dir);
        temp.Dispose();
    }
}

/// <summary>
/// A fact that needs <see cref="FaultWorkspace.MakeImmutable"/>: skipped, with the reason, where chattr +i does not
/// work (no chattr, a file system without the attribute, or a process without CAP_LINUX_IMMUTABLE).
/// </summary>
public sealed class ImmutableFactAttribute : FactAttribute
{
    static readonly Lazy<bool> Works = new(() =>
    {
        var probe = Directory.CreateTempSubdirectory("repro-chattr-");
        try
        {
            if (FaultWorkspace.Chattr("+i", probe.FullName) != 0) return false;
            FaultWorkspace.Chattr("-i", probe.FullName);
            return true;
        }
        finally
        {
            probe.Delete();
        }
    });

    public ImmutableFactAttribute()
    {
        if (!Works.Value) Skip = "chattr +i does not work here (it needs the attribute on the file system and CAP_LINUX_IMMUTABLE)";
    }
}
