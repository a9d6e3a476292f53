using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Repro.Tests.Support;

/// <summary>
/// The repro command line under a real pseudo-terminal (util-linux `script`), as a user in a terminal sees it:
/// stderr and stdout are a TTY, so repro draws its live display. Everything the terminal received is kept with the
/// time it arrived, raw and with the escape sequences taken out.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    readonly Process process;
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly List<(TimeSpan At, string Text)> arrivals = [];
    readonly Task reading;

    PseudoTerminal(Process process)
    {
        this.process = process;
        reading = Task.Run(Read);
    }

    /// <param name="environment">added to the child's environment; CI is removed (a user's terminal is not CI) and TERM set</param>
    public static PseudoTerminal Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        string config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var command = new[] { "dotnet", Repo.Path("src", "Repro.Cli", "bin", config, "net10.0", "repro.dll") }.Concat(args).Select(Quote);
        // -q: no "Script started" banner; -f: flush as it comes; -e: its exit code is the command's; -c: this command.
        var info = new ProcessStartInfo("script") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in (string[])["-qfec", "stty cols 120 rows 40; exec " + string.Join(' ', command), "/dev/null"]) info.ArgumentList.Add(a);
        info.Environment.Remove("CI");
        info.Environment["TERM"] = "xterm-256color";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return new PseudoTerminal(Process.Start(info)!);
    }

    static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    async Task Read()
    {
        var buffer = new char[4096];
        var reader = process.StandardOutput;
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
            lock (arrivals) arrivals.Add((clock.Elapsed, new string(buffer, 0, n)));
    }

    /// <summary>What the terminal received so far, escape sequences removed and carriage returns made line ends.</summary>
    public string Text { get { lock (arrivals) return Plain(string.Concat(arrivals.Select(a => a.Text))); } }

    /// <summary>What the terminal received, raw: escape sequences and all.</summary>
    public string Raw { get { lock (arrivals) return string.Concat(arrivals.Select(a => a.Text)); } }

    /// <summary>The raw text that arrived before <paramref name="at"/> (since start).</summary>
    public string RawUntil(TimeSpan at) { lock (arrivals) return string.Concat(arrivals.Where(a => a.At < at).Select(a => a.Text)); }

    public static string Plain(string raw) => Escape().Replace(raw, "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>When (since start) the plain text first contained <paramref name="text"/>; null if it has not yet.</summary>
    public TimeSpan? FirstSeen(string text)
    {
        lock (arrivals)
        {
            var so = new StringBuilder();
            foreach (var (at, chunk) in arrivals)
            {
                so.Append(chunk);
                if (Plain(so.ToString()).Contains(text, StringComparison.Ordinal)) return at;
            }
            return null;
        }
    }

    /// <summary>Waits until the plain text contains <paramref name="text"/>; fails the test after the timeout or if repro exits first.</summary>
    public TimeSpan WaitFor(string text, TimeSpan timeout)
    {
        var deadline = clock.Elapsed + timeout;
        while (true)
        {
            if (FirstSeen(text) is { } at) return at;
            Assert.True(clock.Elapsed < deadline && !process.HasExited, $"'{text}' never appeared on the terminal:\n{Text}");
            Thread.Sleep(50);
        }
    }

    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(process.WaitForExit(timeout), $"repro did not exit within {timeout}:\n{Text}");
        reading.Wait(timeout);
        return process.ExitCode;
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][A-Z0-9]|[=>78])")]
    private static partial Regex Escape();

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
