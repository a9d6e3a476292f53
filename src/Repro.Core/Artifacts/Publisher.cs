using System.Runtime.InteropServices;
using Repro.Core.Faults;

namespace Repro.Core.Artifacts;

/// <summary>
/// Publishes a spec's files as one unit. Under an exclusive lock per spec (so two runs never interleave), every
/// file is written into a staging folder `results/.staging/NAME.ID/`, then it and `results/NAME/` are exchanged in
/// one atomic rename (Linux renameat2 RENAME_EXCHANGE): at every instant `results/NAME/` is the old set or the new
/// one, so a crash, a kill -9 or a failed write leaves the previous results intact. What a kill leaves in
/// `.staging/` (the new set before the exchange, the old one after it) is removed by the next command that reads or
/// writes the results folder (<see cref="RemoveLeftovers"/>), under that spec's lock.
/// </summary>
public static class Publisher
{
    /// <summary>How long a run waits for another run publishing the same spec.</summary>
    public static TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The one folder staging folders live in: a leftover is in a known place, never beside the published folders.</summary>
    public const string StagingFolder = ".staging";

    static string LockPath(string resultsRoot, string name) => Path.Combine(resultsRoot, $".{name}.lock");

    /// <param name="admit">
    /// called under the spec's lock with the target folder, before anything is written (so no other publish slips in
    /// between the check and the write): throws to refuse the publish; returns true where the folder must be written
    /// even if it already holds this content (its provenance must change)
    /// </param>
    /// <returns>the folder, and whether it was written (false: it already held this content, see <see cref="PublishedContent"/>)</returns>
    public static (string Folder, bool Written) Publish(string resultsRoot, string name, IReadOnlyDictionary<string, byte[]> files,
        Func<string, bool>? admit = null)
    {
        Directory.CreateDirectory(resultsRoot);
        string target = Path.Combine(resultsRoot, name);
        using var held = FileLock.Acquire(LockPath(resultsRoot, name), LockTimeout);
        RemoveLeftoversOf(resultsRoot, name);
        bool rewrite = admit?.Invoke(target) ?? false;
        if (!rewrite && PublishedContent.Matches(target, files)) return (target, false);

        string staging = Path.Combine(resultsRoot, StagingFolder, $"{name}.{Guid.NewGuid().ToString("N")[..12]}");
        try
        {
            WriteNew(staging, files);
            FaultPoint.Reached(FaultPoint.PublishStaged);
            if (!Directory.Exists(target)) Directory.Move(staging, target);
            else Exchange(staging, target); // staging now holds the old results
            FaultPoint.Reached(FaultPoint.PublishExchanged);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            RemoveStagingFolderIfEmpty(resultsRoot);
        }
        return (target, true);
    }

    /// <summary>
    /// Removes what killed publishes left: each spec's staging folders, under its lock taken without waiting (a
    /// spec being published right now keeps its own). Also the `.NAME.staging-*` folders of repro 0.x.
    /// </summary>
    /// <returns>the folders removed, for the warning</returns>
    public static IReadOnlyList<string> RemoveLeftovers(string resultsRoot)
    {
        var removed = new List<string>();
        try
        {
            foreach (var name in LeftoverSpecs(resultsRoot))
            {
                using var held = FileLock.TryAcquire(LockPath(resultsRoot, name));
                if (held is not null) removed.AddRange(RemoveLeftoversOf(resultsRoot, name));
            }
            RemoveStagingFolderIfEmpty(resultsRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A results folder this process cannot lock or change (read-only): nothing can be removed there; the
            // command itself says what it cannot do, if it needs to write.
        }
        return removed;
    }

    /// <summary>The specs with leftovers: `.staging/NAME.ID[.old]` and the older `.NAME.staging-ID`.</summary>
    static IEnumerable<string> LeftoverSpecs(string resultsRoot)
    {
        string staging = Path.Combine(resultsRoot, StagingFolder);
        var inStaging = Directory.Exists(staging)
            ? Directory.GetDirectories(staging).Select(d => Path.GetFileName(d).Replace(".old", "", StringComparison.Ordinal)).Where(n => n.Contains('.')).Select(n => n[..n.LastIndexOf('.')])
            : [];
        var beside = Directory.Exists(resultsRoot)
            ? Directory.GetDirectories(resultsRoot, ".*.staging-*").Select(d => Path.GetFileName(d)[1..]).Select(n => n[..n.LastIndexOf(".staging-", StringComparison.Ordinal)])
            : [];
        return inStaging.Concat(beside).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    // Only under the spec's lock: nothing of a live publish is touched.
    static List<string> RemoveLeftoversOf(string resultsRoot, string name)
    {
        string staging = Path.Combine(resultsRoot, StagingFolder);
        var leftovers = (Directory.Exists(staging) ? Directory.GetDirectories(staging, $"{name}.*") : [])
            .Where(d => Path.GetFileName(d)[(name.Length + 1)..].Replace(".old", "", StringComparison.Ordinal).All(char.IsAsciiHexDigitLower))
            .Concat(Directory.GetDirectories(resultsRoot, $".{name}.staging-*"))
            .ToList();
        foreach (var dir in leftovers) Directory.Delete(dir, recursive: true);
        return leftovers;
    }

    // An empty `.staging/` would be clutter. Only ever removed empty, so no publish loses anything; one that is
    // creating its folder inside at this moment retries (see WriteNew).
    static void RemoveStagingFolderIfEmpty(string resultsRoot)
    {
        string staging = Path.Combine(resultsRoot, StagingFolder);
        try
        {
            if (Directory.Exists(staging) && !Directory.EnumerateFileSystemEntries(staging).Any()) Directory.Delete(staging);
        }
        catch (IOException)
        {
            // Not empty after all: another spec's publish is under way.
        }
    }

    // renameat2(2) with RENAME_EXCHANGE swaps two paths atomically. Where the kernel or file system lacks it,
    // fall back to two renames, which leave a moment without the target (and say so in the docs).
    static void Exchange(string a, string b)
    {
        if (OperatingSystem.IsLinux() && RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0) return;
        string aside = a + ".old";
        Directory.Move(b, aside);
        Directory.Move(a, b);
        Directory.Move(aside, a);
    }

    const int AtFdCwd = -100;
    const uint RenameExchange = 2;

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    static extern int RenameAt2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);

    /// <summary>
    /// Writes files that must not exist yet into a private folder, each flushed to disk, so that a later rename of the
    /// folder publishes complete files (the publish staging folder, a trial-cache entry).
    /// </summary>
    public static void WriteNew(string folder, IReadOnlyDictionary<string, byte[]> files)
    {
        foreach (var (relative, bytes) in files)
        {
            string path = Path.Combine(folder, relative);
            CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
    }

    // A parent may vanish between CreateDirectory's mkdir calls (an empty `.staging/` removed by another publish):
    // it is then made again.
    static void CreateDirectory(string dir)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(dir);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>Writes one file atomically: a temp file in the same folder, then a rename over the target.</summary>
    public static void WriteFile(string path, byte[] bytes)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
