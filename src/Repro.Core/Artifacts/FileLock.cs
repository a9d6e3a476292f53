namespace Repro.Core.Artifacts;

/// <summary>
/// An exclusive advisory lock on a file (.NET takes flock(2) for FileShare.None on Unix). The kernel releases it
/// when the process dies, even by kill -9, so a crashed run never leaves a lock behind.
/// </summary>
public sealed class FileLock : IDisposable
{
    readonly FileStream stream;

    FileLock(FileStream stream) => this.stream = stream;

    public static FileLock Acquire(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException e) when (IsContention(e) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException e) when (IsContention(e))
            {
                throw new IOException($"another repro process holds {path} (waited {timeout.TotalSeconds:0} s); let it finish", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A read-only file system, a missing folder, no permission: waiting would not help, so say so at once.
                throw new IOException($"cannot take the lock {path}: {e.Message}", e);
            }
        }
    }

    /// <summary>The lock if no other process holds it, else null at once; other failures throw as <see cref="Acquire"/> does.</summary>
    public static FileLock? TryAcquire(string path)
    {
        try
        {
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsContention(e))
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot take the lock {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Only a lock another process holds is worth waiting for: flock's EWOULDBLOCK (11 on Linux, 35 on macOS), which
    /// .NET reports as an IOException carrying that errno; on Windows, a sharing or lock violation.
    /// </summary>
    static bool IsContention(IOException e) => e.GetType() == typeof(IOException)
        && e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    public void Dispose() => stream.Dispose();
}
