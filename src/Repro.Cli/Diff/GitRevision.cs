using System.ComponentModel;
using System.Diagnostics;

namespace Repro.Cli.Diff;

/// <summary>
/// A published folder as a git revision holds it (`REV:path`, path from the repository's root as git reads it, or
/// `REV:./path` from the current folder): the files of that tree, read with `git ls-tree` and `git cat-file`.
/// </summary>
public static class GitRevision
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static IReadOnlyDictionary<string, byte[]> Files(string operand)
    {
        string tree = operand.TrimEnd('/');
        var listing = Git(["ls-tree", "-r", "-z", "--name-only", tree], operand);
        var names = System.Text.Encoding.UTF8.GetString(listing).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            throw Core.Fail.Usage($"{operand} is an empty tree in git", "name the folder of one published spec, e.g. HEAD~1:results/min-norm-regression");
        long total = 0;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var bytes = Git(["cat-file", "blob", $"{tree}/{name}"], operand);
            total += bytes.LongLength;
            if (total > Core.Diff.PublishedSide.MaxBytes) throw Core.Fail.Usage($"{operand} holds more than {Core.Diff.PublishedSide.MaxBytes >> 30} GiB", "name the folder of one published spec");
            files[name] = bytes;
        }
        return files;
    }

    static byte[] Git(string[] args, string operand)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        const string Fix = "write REV:path with a revision git knows and the folder's path from the repository root, e.g. HEAD~1:results/min-norm-regression";
        try
        {
            using var git = Process.Start(start) ?? throw Core.Fail.Usage($"cannot run git to read {operand}", "install git");
            using var output = new MemoryStream();
            var copy = git.StandardOutput.BaseStream.CopyToAsync(output);
            var stderr = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(Timeout))
            {
                git.Kill(entireProcessTree: true);
                throw Core.Fail.Usage($"git took longer than {Timeout.TotalSeconds:0} s to read {operand}", Fix);
            }
            copy.Wait(Timeout);
            if (git.ExitCode != 0)
                throw Core.Fail.Usage($"{operand} is not a folder, and git cannot read it as REV:path ({stderr.Result.Trim().Split('\n')[0]})", Fix);
            return output.ToArray();
        }
        catch (Win32Exception)
        {
            throw Core.Fail.Usage($"cannot run git to read {operand}", "install git, or name a folder");
        }
    }
}
