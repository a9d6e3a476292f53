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
/// `repro watch`: a hosted background service that reruns a spec when its file is saved, or a data file it names
/// (<see cref="SpecDataFiles"/>). The trial cache makes a rerun train only what the edit changed (a data file's
/// SHA-256 is in the trial key); publishing re-renders the figures. A bad edit prints its positioned errors and the
/// watcher keeps going; so does a run that fails, for whatever reason, which is reported for its spec.
/// </summary>
public sealed class WatchService(WatchOptions options, RunCommand runner, ConsoleOutput output) : BackgroundService
{
    /// <summary>A spec to rerun, and the data file whose change asked for it (null: the spec itself).</summary>
    readonly record struct Change(string Spec, string? Data);

    readonly Channel<Change> changed = Channel.CreateUnbounded<Change>();
    readonly Lock gate = new();
    readonly Dictionary<string, SortedSet<string>> readers = new(StringComparer.Ordinal); // data file → the specs that name it
    readonly Dictionary<string, FileSystemWatcher> dataFolders = new(StringComparer.Ordinal);

    public override void Dispose()
    {
        lock (gate)
            foreach (var watcher in dataFolders.Values) watcher.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        // The command waits on this service; let the host finish starting before the first run.
        await Task.Yield();
        bool single = File.Exists(options.Target);
        string folder = Path.GetFullPath(single ? Path.GetDirectoryName(Path.GetFullPath(options.Target))! : options.Target);
        if (!Directory.Exists(folder))
            throw Fail.Spec(Mark.StartOf(options.Target), $"nothing to watch at {options.Target}", "name a spec file or a folder of specs");

        using var watcher = new FileSystemWatcher(folder, single ? Path.GetFileName(options.Target) : "*.yaml")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        void OnChange(string path) => changed.Writer.TryWrite(new Change(Path.GetFullPath(path), null));
        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) => OnChange(e.FullPath); // editors that save by renaming a temp file over the spec
        watcher.EnableRaisingEvents = true;
        if (!single)
            foreach (var spec in Directory.GetFiles(folder, "*.yaml")) Track(Path.GetFullPath(spec));
        output.Writer.WriteLine($"watching {(single ? options.Target : folder + "/*.yaml")} (Ctrl+C stops)");

        if (single) await Rerun([new Change(Path.GetFullPath(options.Target), null)], stop, first: true);
        while (!stop.IsCancellationRequested)
        {
            var batch = new HashSet<Change> { await changed.Reader.ReadAsync(stop) };
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
            await Rerun(batch.Where(c => File.Exists(c.Spec)), stop, first: false);
        }
    }

    /// <summary>Watches the data files <paramref name="spec"/> names now (after each save: an edit can name others).</summary>
    void Track(string spec)
    {
        var files = SpecDataFiles.Of(spec);
        lock (gate)
        {
            foreach (var specs in readers.Values) specs.Remove(spec);
            foreach (var file in files)
            {
                if (!readers.TryGetValue(file, out var specs)) readers[file] = specs = new(StringComparer.Ordinal);
                specs.Add(spec);
                string folder = Path.GetDirectoryName(file)!;
                if (dataFolders.ContainsKey(folder) || !Directory.Exists(folder)) continue;
                var watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
                watcher.Changed += (_, e) => OnData(e.FullPath);
                watcher.Created += (_, e) => OnData(e.FullPath);
                watcher.Renamed += (_, e) => OnData(e.FullPath);
                watcher.EnableRaisingEvents = true;
                dataFolders[folder] = watcher;
            }
        }
    }

    void OnData(string path)
    {
        lock (gate)
            if (readers.TryGetValue(Path.GetFullPath(path), out var specs))
                foreach (var spec in specs) changed.Writer.TryWrite(new Change(spec, Path.GetFullPath(path)));
    }

    async Task Rerun(IEnumerable<Change> changes, CancellationToken stop, bool first)
    {
        // One run per spec, whatever changed for it: its own file, or data files (named, so the line says why).
        foreach (var group in changes.GroupBy(c => c.Spec, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string spec = group.Key;
            var data = group.Where(c => c.Data is not null && group.All(o => o.Data is not null)).Select(c => Path.GetFileName(c.Data!)).Distinct().Order(StringComparer.Ordinal).ToList();
            string why = first ? "first run" : data.Count > 0 ? $"data changed ({string.Join(", ", data)}): rerunning" : "changed: rerunning";
            Track(spec);
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
