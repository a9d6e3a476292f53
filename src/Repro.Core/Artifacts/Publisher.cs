using System.Runtime.InteropServices;

namespace Repro.Core.Artifacts;

/// <summary>
/// Publishes a spec's files as one unit. Under an exclusive lock per spec (so two runs never interleave), every
/// file is written into a staging folder beside the target, then the two folders are exchanged in one atomic
/// rename (Linux renameat2 RENAME_EXCHANGE): at every instant `results/NAME/` is the old set or the new one, so
/// a crash, a kill -9 or a failed write leaves the previous results intact.
/// </summary>
public static class Publisher
{
    /// <summary>How long a run waits for another run publishing the same spec.</summary>
    public static TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <returns>the folder, and whether it was written (false: it already held this content, see <see cref="PublishedContent"/>)</returns>
    public static (string Folder, bool Written) Publish(string resultsRoot, string name, IReadOnlyDictionary<string, byte[]> files)
    {
        Directory.CreateDirectory(resultsRoot);
        string target = Path.Combine(resultsRoot, name);
        using var held = FileLock.Acquire(Path.Combine(resultsRoot, $".{name}.lock"), LockTimeout);
        // Under the lock, any staging folder of this spec is a leftover of a killed run.
        foreach (var stale in Directory.GetDirectories(resultsRoot, $".{name}.staging-*")) Directory.Delete(stale, recursive: true);
        if (PublishedContent.Matches(target, files)) return (target, false);

        string staging = Path.Combine(resultsRoot, $".{name}.staging-{Guid.NewGuid().ToString("N")[..12]}");
        try
        {
            WriteNew(staging, files);
            if (!Directory.Exists(target)) Directory.Move(staging, target);
            else Exchange(staging, target); // staging now holds the old results
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return (target, true);
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
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
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
