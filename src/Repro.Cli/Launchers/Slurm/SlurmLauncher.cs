using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Repro.Cli.Emit;
using Repro.Cli.Pipeline;
using Repro.Core;
using Repro.Core.Cache;
using Repro.Core.Plan;
using Repro.Core.Progress;
using Repro.Engine.Training;

namespace Repro.Cli.Launchers.Slurm;

/// <summary>
/// `--launcher slurm`: one sbatch job array whose tasks (`repro run SPEC --shard auto`) train their shards into the
/// cache, which must be a folder every node sees. Waits with the tasks' states from scontrol and their progress events
/// from their stdout files, then lets the calling process publish; a failed task is reported with its log and exit
/// code, and what the others finished stays in the cache, so a rerun trains only the rest.
/// </summary>
public sealed class SlurmLauncher(SlurmCommands slurm, ILogger<SlurmLauncher> log) : ILauncher
{
    public const string Id = "slurm";

    /// <summary>Array tasks when `--shards` is not given: one per batch to train, at most this many.</summary>
    public const int DefaultMaxShards = 16;

    /// <summary>How often the job's state is asked for.</summary>
    public static TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The folder under the cache where each submission keeps its script and its tasks' logs.</summary>
    public const string JobsFolder = "slurm";

    public string Name => Id;

    public LaunchOutcome Train(LaunchRequest request, CancellationToken cancel)
    {
        if (request.ToTrain.Count == 0) return LaunchOutcome.InThisProcess; // nothing to submit: the publish reads the cache
        var plan = request.Plan;
        string name = plan.Spec.Name;
        int shards = request.Settings.Shards ?? Math.Clamp(Batching.Group(request.ToTrain).Count, 1, DefaultMaxShards);
        string cache = Path.GetFullPath(request.Cache);
        string folder = Path.Combine(cache, JobsFolder, $"{name}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-{Guid.NewGuid():N}"[..(name.Length + 24)]);
        Directory.CreateDirectory(folder);
        var script = new SlurmScript(name, shards, new ShardCommand(Path.GetFullPath(request.SpecFile), cache, request.Force, request.Overrides),
            ThisProgram(), request.Settings.Partition, request.Settings.Time, request.Settings.CpusPerTask, Environment.CurrentDirectory, folder, Channel: true);
        string file = Path.Combine(folder, "job.sbatch");
        Core.Artifacts.Publisher.WriteFile(file, System.Text.Encoding.UTF8.GetBytes(script.Render()));
        string job = slurm.Submit(file);
        log.LogInformation("{Spec}: submitted Slurm job {Job}: {Shards} array tasks for {Missing} trials; scripts and logs in {Folder}",
            name, job, shards, request.ToTrain.Count, folder);
        if (request.Settings.NoWait) return new LaunchOutcome(0, null, shards, Submitted: job);

        request.Progress.Planned(name, plan.Trials.Count, plan.Trials.Count - request.ToTrain.Count, request.ToTrain.Sum(t => t.Config.Train.Steps));
        try
        {
            int trained = Wait(request, job, shards, folder, cancel);
            return new LaunchOutcome(trained, $"in {shards} Slurm array tasks of job {job}", shards);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C stops the tasks as it stops local workers; what they finished is in the cache.
            slurm.Cancel(job);
            log.LogWarning("cancelled Slurm job {Job}; the trials its tasks finished are in the cache", job);
            throw;
        }
    }

    int Wait(LaunchRequest request, string job, int shards, string folder, CancellationToken cancel)
    {
        var outs = Enumerable.Range(1, shards).ToDictionary(k => k, k => new TaskLog(Path.Combine(folder, $"task-{k}.out")));
        var errs = Enumerable.Range(1, shards).ToDictionary(k => k, k => new TaskLog(Path.Combine(folder, $"task-{k}.err")));
        var cache = new TrialCache(request.Cache);
        int trained = 0;
        string shown = "";
        IReadOnlyList<SlurmTask> tasks = [];
        IReadOnlyList<SlurmTask>? now;
        while (true)
        {
            cancel.WaitHandle.WaitOne(Poll);
            cancel.ThrowIfCancellationRequested();
            now = slurm.Tasks(job);
            trained += Drain(outs, errs, shards, request.Progress);
            if (now is null) break; // the controller has forgotten the job: it ended; the cache says what it left
            tasks = now;
            // Under --force the cache held these keys before the job started: only the tasks' own events count then.
            string inCache = request.Force ? "" : $"; {request.ToTrain.Count(t => cache.Contains(t.Key))} of {request.ToTrain.Count} trials in the cache";
            string summary = $"Slurm job {job}: {Describe(tasks, shards)}{inCache}";
            if (summary != shown) log.LogInformation("{Summary}", summary);
            shown = summary;
            // Pending tasks share one record, so a task cancelled before it started has none: all that are listed have ended.
            if (tasks.Count > 0 && tasks.All(t => t.Finished)) break;
        }
        trained += Drain(outs, errs, shards, request.Progress);
        var listed = tasks.ToDictionary(t => t.Index);
        var failed = Enumerable.Range(1, shards)
            // A job the controller forgot ended in a state repro did not see: only the cache can say what it left.
            .Where(k => listed.TryGetValue(k, out var t) ? !t.Succeeded && (t.Finished || now is not null) : now is not null)
            .Select(k => listed.TryGetValue(k, out var t) ? $"task {k} {t.State} (exit {t.ExitCode}), log {errs[k].Path}" : $"task {k} has no record (cancelled before it started)")
            .ToList();
        if (failed.Count > 0)
            throw new RunException($"{failed.Count} of {shards} Slurm array tasks of job {job} failed: {string.Join("; ", failed)}; "
                + "the trials they finished are in the cache: run again to train only the rest");
        int missing = request.Force ? 0 : request.ToTrain.Count(t => !cache.Contains(t.Key));
        if (now is null && missing > 0)
            throw new RunException($"Slurm job {job} ended before repro saw every task finish, and {missing} of its trials are not in the cache; its logs are in {folder}: run again to train only the rest");
        return trained;
    }

    /// <summary>The tasks' new output: progress events onto the board, their trained counts summed; warnings from their logs shown, tagged.</summary>
    int Drain(Dictionary<int, TaskLog> outs, Dictionary<int, TaskLog> errs, int shards, Progress.BoardSink board)
    {
        int trained = 0;
        for (int k = 1; k <= shards; k++)
        {
            string tag = $"[slurm task {k}/{shards}] ";
            // A task's stdout and stderr are a local worker's: relayed alike.
            foreach (var line in outs[k].NewLines().Where(l => l.Length > 0)) trained += Workers.RelayChannel(log, tag, line, board);
            foreach (var line in errs[k].NewLines().Where(l => l.Length > 0)) Workers.RelayLog(log, tag, line);
        }
        return trained;
    }

    /// <summary>"1 running, 1 pending": the tasks' states, counted.</summary>
    public static string Describe(IReadOnlyList<SlurmTask> tasks, int shards)
    {
        var counts = tasks.GroupBy(t => t.State.ToLowerInvariant(), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count().ToString(CultureInfo.InvariantCulture)} {g.Key}").ToList();
        if (tasks.Count < shards) counts.Add($"{(shards - tasks.Count).ToString(CultureInfo.InvariantCulture)} not listed");
        return string.Join(", ", counts);
    }

    /// <summary>This very program, as a task must start it: the apphost, or `dotnet repro.dll` under `dotnet`.</summary>
    static IReadOnlyList<string> ThisProgram() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? [Environment.ProcessPath!, Assembly.GetEntryAssembly()!.Location]
            : [Environment.ProcessPath!];
}
