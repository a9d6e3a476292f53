using Microsoft.Extensions.Logging;
using Repro.Cli.Json;
using Repro.Cli.Launchers;
using Repro.Cli.Output;
using Repro.Cli.Pipeline;
using Repro.Cli.Progress;
using Repro.Core.Artifacts;
using Repro.Core.Cache;
using Repro.Core.History;
using Repro.Core.Plan;
using Repro.Core.Progress;

namespace Repro.Cli.Commands;

/// <param name="Spec">the spec file</param>
/// <param name="ResultsRoot">where results/&lt;name&gt;/ is published</param>
/// <param name="Cache">the trial cache folder</param>
/// <param name="Force">train every trial even where the cache holds it</param>
/// <param name="Overrides">`--set PATH=VALUE` overrides</param>
/// <param name="Shard">train only this part of the plan into the cache, and publish nothing</param>
/// <param name="Json">print one JSON document (<see cref="RunJson"/>) instead of the lines</param>
/// <param name="Launcher">where the trials to train are trained (<see cref="Launchers.Launchers"/>)</param>
/// <param name="Launch">the launcher's options (`--jobs` for the local one; the default: one job, this process)</param>
/// <param name="ShardAuto">`--shard auto`: the part comes from the scheduler's environment</param>
public sealed record RunOptions(string Spec, string ResultsRoot, string Cache, bool Force, IReadOnlyList<string> Overrides, Shard? Shard = null,
    bool Json = false, string Launcher = Launchers.Launchers.Default, LaunchSettings? Launch = null, bool ShardAuto = false);

/// <summary>`repro run SPEC`: train what the cache lacks (where the launcher says), publish results/&lt;name&gt;/ atomically, print the claims.</summary>
public sealed class RunCommand(ExperimentRunner runner, IServiceProvider services, ConsoleOutput output, ILogger<RunCommand> log)
{
    public Task<int> ExecuteAsync(RunOptions options, CancellationToken cancel)
    {
        var cache = new TrialCache(options.Cache);
        var settings = options.Launch ?? new LaunchSettings();
        if ((options.ShardAuto ? ShardFromEnvironment.Resolve(output.Environment, settings.Shards) : options.Shard) is { } shard)
            return Task.FromResult(TrainShard(options, cache, shard, cancel));

        var plan = ExperimentRunner.Plan(options.Spec, options.Overrides);
        runner.Announce(plan);
        foreach (var leftover in Publisher.RemoveLeftovers(options.ResultsRoot))
            log.LogWarning("removed {Folder}, left by a publish that was killed", leftover);
        var toTrain = plan.Trials.Where(t => options.Force || !cache.Contains(t.Key)).ToList();
        var launcher = Launchers.Launchers.Resolve(services, options.Launcher);
        // One display for the whole run: this process's training and its workers' or tasks' events on one board; a log line per interval while a batch runs.
        var sink = new BoardSink(TimeProvider.System);
        ExperimentRun? run;
        LaunchOutcome launched;
        using (ProgressDisplay.Start(sink, output.Terminal, plan.Spec.Name, log, TimeProvider.System))
        using (new LiveProgressFile(sink, options.Cache, plan.Spec.Name, TimeProvider.System)) // for `repro serve`'s page
        {
            launched = launcher.Train(new LaunchRequest(options.Spec, plan, toTrain, options.Cache, options.Force, options.Overrides, settings, sink), cancel);
            run = launched.Submitted is null ? runner.Run(plan, options.ResultsRoot, cancel, cache, options.Force && launched.TrainsHere, sink) : null;
        }
        if (run is null) return Task.FromResult(Submitted(options, plan, launched.Submitted!, launched.Processes));

        // The launcher's processes trained what this process then found in the cache: their own counts, plus anything
        // this process still had to train (an entry that did not verify).
        int here = run.Trained.Trained;
        int total = here + launched.Trained;
        if (!launched.TrainsHere) run = run with { Trained = run.Trained with { Trained = total, FromCache = run.Results.Count - total } };
        string specFile = PublishedBy.PathOf(options.Spec, options.ResultsRoot);
        var files = new SortedDictionary<string, byte[]>(run.Artifacts.Files.ToDictionary(), StringComparer.Ordinal)
        {
            [ArtifactSet.ProvenanceFile] = ArtifactSet.Json(Provenance.Volatile(run, specFile)),
        };
        var (folder, written) = Publisher.Publish(options.ResultsRoot, run.Plan.Spec.Name, files,
            target => Admit(target, options, run.Plan.Spec.Name, specFile));
        RunHistory.Record(new Ledger(options.Cache), run, specFile, files, written);
        if (written) log.LogInformation("published {Count} files to {Folder} in {Seconds:F1} s", files.Count, folder, run.Elapsed.TotalSeconds);
        else log.LogInformation("{Folder} already holds exactly these bytes: left as published, with the provenance of the run that computed them", folder);
        int exitCode = run.Artifacts.Claims.All(c => c.Passed) ? ExitCodes.Ok : ExitCodes.ClaimFailed;
        if (options.Json)
        {
            JsonOutput.Write(output.Writer, RunJson.Published(run, options.Spec, launched.Processes, folder, written, exitCode, options.Cache, launcher.Name, here));
            return Task.FromResult(exitCode);
        }
        output.Writer.WriteLine(launched.Where is { } where
            ? $"{run.Plan.Spec.Name}: trained {total} of {run.Results.Count} trials {where} ({run.Results.Count - total} from the cache"
              + (here > 0 ? $"; {here} of them here, which the cache still lacked)" : ")")
            : run.Trained.Describe(run.Plan.Spec.Name));
        ClaimsReport.Write(output.Writer, run.Plan.Spec, run.Artifacts.Claims);
        return Task.FromResult(exitCode);
    }

    /// <summary>`--shard K/N` (or auto): this part's trials into the cache; nothing published.</summary>
    int TrainShard(RunOptions options, TrialCache cache, Shard shard, CancellationToken cancel)
    {
        var part = ExperimentRunner.Plan(options.Spec, options.Overrides);
        runner.Announce(part);
        // A worker started by a parent (`--jobs`, a Slurm task) tells it its progress and its count as events on stdout:
        // its summary line is for a user who started the shard themselves, not for the parent's user to read.
        var channel = output.Environment(ChannelSink.Variable) == "1" ? new ChannelSink(output.Writer, TimeProvider.System) : null;
        var trained = runner.Train(part, cancel, cache, options.Force, shard, channel);
        if (channel is not null) channel.Report(ProgressEvent.TrainedCount(trained.Trained));
        else if (options.Json)
            JsonOutput.Write(output.Writer, RunJson.Sharded(part, trained, options.Spec, shard, options.Cache));
        else output.Writer.WriteLine($"{part.Spec.Name}: shard {shard}: {trained.Describe("").TrimStart(':', ' ')}; into {options.Cache} (run without --shard to publish)");
        return ExitCodes.Ok;
    }

    /// <summary>`--no-wait`: the job is the scheduler's now; a later plain `run` publishes what it leaves in the cache.</summary>
    int Submitted(RunOptions options, TrialPlan plan, string job, int tasks)
    {
        if (options.Json) JsonOutput.Write(output.Writer, RunJson.Submitted(plan, options.Spec, options.Cache, options.Launcher, job, tasks));
        else output.Writer.WriteLine($"{plan.Spec.Name}: submitted job {job} ({tasks} tasks) into {options.Cache}; once it has finished, `repro run {options.Spec}` publishes");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Two spec files with one name would overwrite each other's results: refused unless forced. A forced takeover
    /// rewrites the folder even where the bytes match, so that its provenance names the new spec file.
    /// </summary>
    static bool Admit(string target, RunOptions options, string name, string specFile)
    {
        if (PublishedBy.OtherSpec(target, options.ResultsRoot, options.Spec) is not { } other) return false;
        if (!options.Force)
        {
            string shown = SpecFiles.Display(target);
            throw Core.Fail.Usage($"{shown} was published by {other}, not {specFile} (both are named {name})",
                "rename one spec's name:, or pass --force to publish over it");
        }
        return true;
    }
}
