using System.Text;

namespace Repro.Core.Spec.Yaml;

/// <summary>
/// A spec file's text, read only from a regular file and only up to <see cref="YamlLimits.MaxFileBytes"/>: a path
/// such as a folder, a FIFO or /dev/zero fails at once as one positioned error instead of hanging or filling memory.
/// </summary>
public static class SpecFileText
{
    public static string Read(string path)
    {
        if (Directory.Exists(path))
            throw Fail.Spec(Mark.StartOf(path), "the spec path is a folder, not a spec file", "name one .yaml spec in it (only verify and watch take a folder)");
        if (FileType.NotRegular(path) is { } kind)
            throw Fail.Spec(Mark.StartOf(path), $"the spec path is {kind}, not a regular file", "pass the path of a .yaml spec file");
        byte[] bytes;
        try
        {
            bytes = ReadAtMost(path, YamlLimits.MaxFileBytes + 1);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Fail.Spec(Mark.StartOf(path), "spec file not found",
                $"pass the path of an existing .yaml spec (relative to {Directory.GetCurrentDirectory()})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail.Spec(Mark.StartOf(path), $"cannot read the spec file ({e.Message})", "check that the path is a readable file");
        }
        if (bytes.Length > YamlLimits.MaxFileBytes)
            throw Fail.Spec(EndOf(path, Decode(bytes, YamlLimits.MaxFileBytes)), $"the spec file is larger than {YamlLimits.MaxFileBytes >> 20} MiB, the most a spec may hold",
                "check that this is the spec you meant; a spec is a few kilobytes of YAML");
        return Decode(bytes, bytes.Length);
    }

    // Reads until the end of the file or `limit` bytes, whichever comes first (a device can be endless).
    static byte[] ReadAtMost(string path, int limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        using var read = new MemoryStream();
        var chunk = new byte[64 << 10];
        int n;
        while (read.Length < limit && (n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - read.Length))) > 0)
            read.Write(chunk, 0, n);
        return read.ToArray();
    }

    // As File.ReadAllText decodes: UTF-8 unless a byte-order mark says otherwise.
    static string Decode(byte[] bytes, int count)
    {
        using var reader = new StreamReader(new MemoryStream(bytes, 0, count), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    // The position just past `text`: where the size limit was crossed.
    static Mark EndOf(string path, string text)
    {
        int lastBreak = text.LastIndexOf('\n');
        return new Mark(path, text.Count(c => c == '\n') + 1, text.Length - lastBreak);
    }
}
