using System.Diagnostics;
using System.Text;

namespace Repro.Tests.Support;

/// <summary>
/// The repro command line as a separate process (the built repro.dll under src/Repro.Cli), for what only a
/// process can show: signals, kill -9, and two runs at once.
/// </summary>
public sealed class ReproProcess : IDisposable
{
    readonly Process process;
    readonly StringBuilder stdout = new(), stderr = new();

    ReproProcess(Process process) => this.process = process;

    public static ReproProcess Start(string workingDirectory, params string[] args) => StartWith(new Dictionary<string, string>(), workingDirectory, args);

    /// <summary>As <see cref="Start"/>, with these environment variables added (a fault point, say).</summary>
    public static ReproProcess StartWith(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        string config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Repo.Path("src", "Repro.Cli", "bin", config, "net10.0", "repro.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        var p = new ReproProcess(Process.Start(info)!);
        p.process.OutputDataReceived += (_, e) => { lock (p.stdout) p.stdout.AppendLine(e.Data); };
        p.process.ErrorDataReceived += (_, e) => { lock (p.stderr) p.stderr.AppendLine(e.Data); };
        p.process.BeginOutputReadLine();
        p.process.BeginErrorReadLine();
        return p;
    }

    public string Stdout { get { lock (stdout) return stdout.ToString(); } }

    public string Stderr { get { lock (stderr) return stderr.ToString(); } }

    /// <summary>Waits until stderr (the log) contains the text; fails the test after the timeout.</summary>
    public void WaitForLog(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, $"'{text}' never appeared in the log:\n{Stderr}");
            Thread.Sleep(50);
        }
    }

    public void Signal(string name)
    {
        // A shell without job control starts background commands with SIGINT ignored, and children inherit that
        // (`(make test &)`): repro would then never see the signal. Say so instead of timing out.
        Assert.False(name == "INT" && IgnoredHere(2), "this test process ignores SIGINT (started in the background by a shell without job control), " +
            "and so would repro: run the tests in the foreground");

        using var kill = Process.Start("kill", ["-s", name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Whether this process ignores signal <paramref name="number"/> (Linux: the SigIgn mask in /proc/self/status).</summary>
    static bool IgnoredHere(int number) => File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status")
        .FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
        && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (number - 1))) != 0;

    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(process.WaitForExit(timeout), $"repro did not exit within {timeout}:\n{Stderr}");
        process.WaitForExit(); // flush the redirected streams
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
