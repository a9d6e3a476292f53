using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Repro.Cli.Commands;
using Repro.Cli.Output;
using Repro.Cli.Verification;
using Repro.Core;
using Repro.Core.Spec;

namespace Repro.Cli.Watch;

/// <param name="Target">a spec file, or a folder whose *.yaml specs are watched</param>
/// <param name="Debounce">quiet time after the last change before a rerun (editors write a file in several steps)</param>
public sealed record WatchOptions(string Target, string ResultsRoot, string Cache, TimeSpan Debounce);

/// <summary>
/// `repro watch`: a hosted background service that reruns a spec when its file is saved. The trial cache makes a
/// rerun train only what the edit changed; publishing re-renders the figures. A bad edit prints its positioned
/// errors and the watcher keeps going; so does a run that fails, for whatever reason, which is reported for its spec.
/// </summary>
public sealed class WatchService(WatchOptions options, RunCommand runner, ConsoleOutput output) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        // The command waits on this service; let the host finish starting before the first run.
        await Task.Yield();
        bool single = File.Exists(options.Target);
        string folder = Path.GetFullPath(single ? Path.GetDirectoryName(Path.GetFullPath(options.Target))! : options.Target);
        if (!Directory.Exists(folder))
            throw Fail.Spec(Mark.StartOf(options.Target), $"nothing to watch at {options.Target}", "name a spec file or a folder of specs");

        var changed = Channel.CreateUnbounded<string>();
        using var watcher = new FileSystemWatcher(folder, single ? Path.GetFileName(options.Target) : "*.yaml")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        void OnChange(string path) => changed.Writer.TryWrite(Path.GetFullPath(path));
        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) => OnChange(e.FullPath); // editors that save by renaming a temp file over the spec
        watcher.EnableRaisingEvents = true;
        output.Writer.WriteLine($"watching {(single ? options.Target : folder + "/*.yaml")} (Ctrl+C stops)");

        if (single) await Rerun([Path.GetFullPath(options.Target)], "first run", stop);
        while (!stop.IsCancellationRequested)
        {
            var batch = new SortedSet<string>(StringComparer.Ordinal) { await changed.Reader.ReadAsync(stop) };
            // Debounce: gather every change until the folder has been quiet for a while.
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stop);
                quiet.CancelAfter(options.Debounce);
                try
                {
                    batch.Add(await changed.Reader.ReadAsync(quiet.Token));
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    break;
                }
            }
            await Rerun(batch.Where(File.Exists), "changed: rerunning", stop);
        }
    }

    async Task Rerun(IEnumerable<string> specs, string why, CancellationToken stop)
    {
        foreach (var spec in specs)
        {
            output.Writer.WriteLine($"--- {Path.GetFileName(spec)} {why}");
            try
            {
                await runner.ExecuteAsync(new RunOptions(spec, options.ResultsRoot, options.Cache, Force: false, Overrides: []), stop);
            }
            catch (SpecException e)
            {
                foreach (var error in e.Errors) output.Error.WriteLine(error.ToString());
                output.Writer.WriteLine($"--- {Path.GetFileName(spec)}: not run ({e.Errors.Count} error{(e.Errors.Count == 1 ? "" : "s")}); watching for the next save");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // A failed run, a damaged file or a bug ends this run only: the next save, or another spec, runs.
                string failure = SpecVerdict.Describe(e);
                output.Error.WriteLine($"repro: {Path.GetFileName(spec)}: run failed: {failure}");
                output.Writer.WriteLine($"--- {Path.GetFileName(spec)}: run failed; watching for the next save");
            }
        }
    }
}
