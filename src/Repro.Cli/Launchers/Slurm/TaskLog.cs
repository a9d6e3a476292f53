using System.Text;

namespace Repro.Cli.Launchers.Slurm;

/// <summary>
/// A log file a task on another node is still writing, read as it grows: only whole lines, each once. A file that
/// is not there yet (the task has not started) has no lines.
/// </summary>
public sealed class TaskLog(string path)
{
    long offset;
    readonly StringBuilder partial = new();

    public string Path { get; } = path;

    public IReadOnlyList<string> NewLines()
    {
        var lines = new List<string>();
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < offset) { offset = 0; partial.Clear(); } // truncated: a requeued task starts its log again
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[64 * 1024];
            int read;
            var decoder = Encoding.UTF8.GetDecoder();
            var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                offset += read;
                int n = decoder.GetChars(buffer, 0, read, chars, 0);
                for (int i = 0; i < n; i++)
                {
                    if (chars[i] == '\n') { lines.Add(partial.ToString().TrimEnd('\r')); partial.Clear(); }
                    else partial.Append(chars[i]);
                }
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
        }
        return lines;
    }
}
