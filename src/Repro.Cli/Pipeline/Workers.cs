using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Repro.Cli.Progress;
using Repro.Core.Progress;

namespace Repro.Cli.Pipeline;

/// <summary>
/// `--jobs N`: trains a spec's uncached trials in N worker processes, each `repro run SPEC --shard k/N` writing into
/// the shared trial cache; the parent then assembles and publishes from the cache. Processes, not threads: each
/// trial keeps its single intra-op thread, a worker's memory is its own, and TorchSharp objects never cross threads.
/// </summary>
public sealed partial class Workers(ILogger<Workers> log)
{
    /// <summary>Trains in the workers; returns how many trials they trained (each worker's own count, so a cache entry a worker found damaged and recomputed counts too).</summary>
    /// <param name="progress">the display's board, which the workers' progress events go onto</param>
    public int Train(string spec, int jobs, string cache, bool force, IReadOnlyList<string> overrides, CancellationToken cancel, BoardSink? progress = null)
    {
        var processes = new List<Process>();
        int trained = 0;
        try
        {
            for (int k = 1; k <= jobs; k++)
            {
                var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
                // Under `dotnet repro.dll` the process is dotnet and the program its first argument; an apphost is the program.
                if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
                foreach (var a in (string[])["run", spec, "--cache", cache, "--shard", $"{k}/{jobs}", "--jobs", "1"]) info.ArgumentList.Add(a);
                if (force) info.ArgumentList.Add("--force");
                foreach (var o in overrides) { info.ArgumentList.Add("--set"); info.ArgumentList.Add(o); }
                info.Environment[ChannelSink.Variable] = "1";
                var process = Process.Start(info)!;
                string tag = $"[worker {k}/{jobs}] ";
                // A worker's log lines go through this process's log, so -q and the log format apply to them too.
                process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) RelayLog(log, tag, line); };
                process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Interlocked.Add(ref trained, RelayChannel(log, tag, line, progress)); };
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                processes.Add(process);
            }
            foreach (var process in processes) process.WaitForExitAsync(cancel).GetAwaiter().GetResult();
            var failed = processes.Where(p => p.ExitCode != 0).Select(p => p.ExitCode).ToList();
            if (failed.Count > 0)
                throw new Core.RunException($"{failed.Count} of {jobs} worker processes failed (exit {string.Join(", ", failed.Select(c => c.ToString(CultureInfo.InvariantCulture)))}); their finished trials are in the cache");
            return trained;
        }
        finally
        {
            // On Ctrl+C (or a failure) stop the rest: what they finished is already in the cache.
            foreach (var process in processes.Where(p => !p.HasExited)) process.Kill(entireProcessTree: true);
            foreach (var process in processes) process.Dispose();
        }
    }

    /// <summary>
    /// A worker's log line through this process's log: its own `[HH:mm:ss LVL] ` prefix taken off (this log adds one),
    /// so -q and the log format apply to it and nothing is prefixed twice. Its information is its own (the trials of
    /// its shard, "[3/5]"): shown only as debug, where the board already tells the user the whole run's count. Its
    /// warnings and errors are the user's to see, tagged with the worker.
    /// </summary>
    public static void RelayLog(ILogger log, string tag, string line)
    {
        var (level, text) = Parse(line);
        log.Log(level < LogLevel.Warning ? LogLevel.Debug : level, "{Tag}{Line}", tag, text);
    }

    /// <summary>
    /// A line of a worker's stdout, its channel of events only: progress onto the board, and its last word, the count
    /// it trained, returned (0 for any other line). Neither is the user's to read; a line that is no event (a crash's
    /// own output) is shown as a warning.
    /// </summary>
    public static int RelayChannel(ILogger log, string tag, string line, BoardSink? board)
    {
        if (ProgressEvent.Parse(line) is not { } report) log.LogWarning("{Tag}{Line}", tag, line);
        else if (report.Kind == ProgressEvent.Trained) return report.Trials;
        else board?.Report(tag.Trim(), report);
        return 0;
    }

    public static (LogLevel Level, string Text) Parse(string line) => LogPrefix().Match(line) is { Success: true } m
        ? (m.Groups[1].Value switch
        {
            "VRB" => LogLevel.Trace,
            "DBG" => LogLevel.Debug,
            "INF" => LogLevel.Information,
            "ERR" => LogLevel.Error,
            "FTL" => LogLevel.Critical,
            _ => LogLevel.Warning,
        }, m.Groups[2].Value)
        : (LogLevel.Warning, line); // not a log line (a crash's own output): show it, as a warning

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[\d\d:\d\d:\d\d ([A-Z]{3})\] (.*)$")]
    private static partial System.Text.RegularExpressions.Regex LogPrefix();

}
