using Microsoft.Extensions.Logging;
using Repro.Cli.Json;
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
/// <param name="Jobs">worker processes to train uncached trials in (1: train in this process)</param>
/// <param name="Shard">train only this part of the plan into the cache, and publish nothing</param>
/// <param name="Json">print one JSON document (<see cref="RunJson"/>) instead of the lines</param>
public sealed record RunOptions(string Spec, string ResultsRoot, string Cache, bool Force, IReadOnlyList<string> Overrides, int Jobs = 1, Shard? Shard = null,
    bool Json = false);

/// <summary>`repro run SPEC`: train what the cache lacks, publish results/&lt;name&gt;/ atomically, print the claims.</summary>
public sealed class RunCommand(ExperimentRunner runner, Workers workers, ConsoleOutput output, ILogger<RunCommand> log)
{
    public Task<int> ExecuteAsync(RunOptions options, CancellationToken cancel)
    {
        var cache = new TrialCache(options.Cache);
        if (options.Shard is { } shard)
        {
            var part = ExperimentRunner.Plan(options.Spec, options.Overrides);
            runner.Announce(part);
            // A worker started by a parent (`--jobs`) tells it its progress and its count as events on stdout: its
            // summary line is for a user who started the shard themselves, not for the parent's user to read.
            var channel = output.Environment(ChannelSink.Variable) == "1" ? new ChannelSink(output.Writer, TimeProvider.System) : null;
            var trained = runner.Train(part, cancel, cache, options.Force, shard, channel);
            if (channel is not null) channel.Report(ProgressEvent.TrainedCount(trained.Trained));
            else if (options.Json)
                JsonOutput.Write(output.Writer, RunJson.Sharded(part, trained, options.Spec, shard, options.Cache));
            else output.Writer.WriteLine($"{part.Spec.Name}: shard {shard}: {trained.Describe("").TrimStart(':', ' ')}; into {options.Cache} (run without --shard to publish)");
            return Task.FromResult(ExitCodes.Ok);
        }

        // Fan out to worker processes when there is more than one trial to train; they meet in the cache.
        var plan = ExperimentRunner.Plan(options.Spec, options.Overrides);
        runner.Announce(plan);
        foreach (var leftover in Publisher.RemoveLeftovers(options.ResultsRoot))
            log.LogWarning("removed {Folder}, left by a publish that was killed", leftover);
        var toTrain = plan.Trials.Where(t => options.Force || !cache.Contains(t.Key)).ToList();
        int jobs = Math.Min(options.Jobs, toTrain.Count);
        int byWorkers = 0;
        // One display for the whole run: this process's training and its workers' events on one board; a log line per interval while a batch runs.
        var sink = new BoardSink(TimeProvider.System);
        ExperimentRun run;
        using (ProgressDisplay.Start(sink, output.Terminal, plan.Spec.Name, log, TimeProvider.System))
        using (new LiveProgressFile(sink, options.Cache, plan.Spec.Name, TimeProvider.System)) // for `repro serve`'s page
        {
            if (jobs > 1)
            {
                log.LogInformation("{Spec}: training {Missing} trials in {Jobs} worker processes", plan.Spec.Name, toTrain.Count, jobs);
                sink.Planned(plan.Spec.Name, plan.Trials.Count, plan.Trials.Count - toTrain.Count, toTrain.Sum(t => t.Config.Train.Steps));
                byWorkers = workers.Train(options.Spec, jobs, options.Cache, options.Force, options.Overrides, cancel, sink);
            }
            run = runner.Run(plan, options.ResultsRoot, cancel, cache, options.Force && jobs <= 1, sink);
        }
        // The workers trained what this process then found in the cache: their own counts, plus anything this process
        // still had to train (an entry a worker wrote that did not verify).
        int total = run.Trained.Trained + byWorkers;
        if (jobs > 1) run = run with { Trained = run.Trained with { Trained = total, FromCache = run.Results.Count - total } };
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
            JsonOutput.Write(output.Writer, RunJson.Published(run, options.Spec, Math.Max(jobs, 1), folder, written, exitCode, options.Cache));
            return Task.FromResult(exitCode);
        }
        output.Writer.WriteLine(jobs > 1
            ? $"{run.Plan.Spec.Name}: trained {total} of {run.Results.Count} trials in {jobs} worker processes ({run.Results.Count - total} from the cache)"
            : run.Trained.Describe(run.Plan.Spec.Name));
        ClaimsReport.Write(output.Writer, run.Plan.Spec, run.Artifacts.Claims);
        return Task.FromResult(exitCode);
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
