namespace Repro.Core.Artifacts;

/// <summary>
/// Publishes a spec's files as one unit: everything is written into a staging folder beside the
/// target, then swapped in by rename. A crash or a failed write leaves the previous results intact.
/// </summary>
public static class Publisher
{
    public static string Publish(string resultsRoot, string name, IReadOnlyDictionary<string, byte[]> files)
    {
        Directory.CreateDirectory(resultsRoot);
        string target = Path.Combine(resultsRoot, name);
        string token = Guid.NewGuid().ToString("N")[..12];
        string staging = Path.Combine(resultsRoot, $".{name}.staging-{token}");
        string retired = Path.Combine(resultsRoot, $".{name}.old-{token}");
        try
        {
            foreach (var (relative, bytes) in files)
            {
                string path = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            if (Directory.Exists(target)) Directory.Move(target, retired);
            Directory.Move(staging, target);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            if (Directory.Exists(retired) && !Directory.Exists(target)) Directory.Move(retired, target);
            throw;
        }
        if (Directory.Exists(retired)) Directory.Delete(retired, recursive: true);
        return target;
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
