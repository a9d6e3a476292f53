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
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException e)
            {
                throw new IOException($"another repro process holds {path} (waited {timeout.TotalSeconds:0} s); let it finish", e);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
