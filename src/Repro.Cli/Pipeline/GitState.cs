using System.ComponentModel;
using System.Diagnostics;

namespace Repro.Cli.Pipeline;

/// <summary>
/// The commit of the git checkout a spec lives in, and whether the checkout has changes (tracked or untracked).
/// Best effort by design: no checkout, no git, a git that fails or hangs all give null, never a failed run.
/// </summary>
public sealed record GitState(string Commit, bool Dirty)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <param name="file">a file inside the checkout (the spec)</param>
    /// <param name="output">
    /// where the run publishes: it is the run's output, not its input, so changes under it (a results folder
    /// inside the checkout, rewritten spec by spec) do not make the checkout dirty
    /// </param>
    public static GitState? Of(string file, string? output = null)
    {
        string? root = RootAbove(Path.GetDirectoryName(Path.GetFullPath(file))!);
        if (root is null) return null;
        string? commit = Git(root, "rev-parse", "--verify", "HEAD")?.Trim();
        if (commit is null || !commit.All(Uri.IsHexDigit)) return null; // no commit yet, or not git's answer

        List<string> status = ["status", "--porcelain", "--untracked-files=normal"];
        string? excluded = output is null ? null : Path.GetRelativePath(root, Path.GetFullPath(output));
        if (excluded is not null && excluded != "." && !excluded.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(excluded))
            status.AddRange(["--", ".", $":(exclude,literal){excluded.Replace('\\', '/')}"]);
        string? changes = Git(root, [.. status]);
        return changes is null ? null : new GitState(commit, changes.Length > 0);
    }

    /// <summary>The nearest folder at or above <paramref name="dir"/> with a .git (a folder, or a file in worktrees and submodules).</summary>
    static string? RootAbove(string dir)
    {
        for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
        {
            string git = Path.Combine(d.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git)) return d.FullName;
        }
        return null;
    }

    /// <summary>git's standard output, or null when git is missing, fails or takes longer than <see cref="Timeout"/>.</summary>
    static string? Git(string root, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(root);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Otherwise `git status` refreshes the index under its lock, racing whoever else works in the checkout.
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        // Inherited (say, from a git hook), these would point git at another repository than the spec's.
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE" }) start.Environment.Remove(name);
        try
        {
            using var git = Process.Start(start);
            if (git is null) return null;
            var stdout = git.StandardOutput.ReadToEndAsync();
            var stderr = git.StandardError.ReadToEndAsync(); // drained, so a chatty git cannot block on a full pipe
            if (!git.WaitForExit(Timeout))
            {
                git.Kill(entireProcessTree: true);
                return null;
            }
            return git.ExitCode == 0 && stdout.Wait(Timeout) ? stdout.Result : null;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            return null; // git is not installed, or went away under us
        }
    }
}
