using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Repro.Core.Artifacts;
using Repro.Core.Cache;
using Repro.Core.Plan;
using Repro.Core.Progress;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;

namespace Repro.Cli.Pipeline;

/// <summary>What running a spec produced: the plan, each trial's result and the artifacts built from them.</summary>
public sealed record ExperimentRun(TrialPlan Plan, IReadOnlyList<TrialResult> Results, ArtifactSet Artifacts, TimeSpan Elapsed, TrainedTrials Trained);

/// <summary>Every trial's result; how many were trained rather than taken from the cache, and how many cache entries failed verification.</summary>
public sealed record TrainedTrials(IReadOnlyList<TrialResult> Results, int Trained, int FromCache, int Damaged)
{
    public string Describe(string spec) => (Trained == 0
        ? $"{spec}: nothing to train: all {FromCache} trials came from the cache"
        : $"{spec}: trained {Trained} of {Results.Count} trials ({FromCache} from the cache")
        + (Damaged > 0 ? $"; {Damaged} damaged cache entr{(Damaged == 1 ? "y" : "ies")} recomputed" : "")
        + (Trained == 0 ? "" : ")");
}

/// <summary>Load → plan → train every trial → build artifacts. Publishing is the caller's choice.</summary>
public sealed class ExperimentRunner(ILogger<ExperimentRunner> log)
{
    /// <summary>The plan's size, logged once when a command starts on it (before any worker process starts, so it comes first).</summary>
    public void Announce(TrialPlan plan) => log.LogInformation("{Spec}: {Trials} trials ({Points} sweep points x {Seeds} seeds)",
        plan.Spec.Name, plan.Trials.Count, plan.Spec.Points.Count, plan.Spec.Seeds.Count);

    /// <param name="resultsRoot">where the caller will publish; the provenance does not count changes under it as a dirty checkout</param>
    /// <param name="progress">the live display's sink, if one watches</param>
    public ExperimentRun Run(TrialPlan plan, string resultsRoot, CancellationToken cancel, TrialCache? cache = null, bool force = false,
        IProgressSink? progress = null)
    {
        var clock = Stopwatch.StartNew();
        // Before training: the checkout as it was when the run started is the one that ran.
        var provenance = Provenance.Describe(plan, resultsRoot, cache?.Root);
        var trained = Train(plan, cancel, cache, force, progress: progress);
        var artifacts = ArtifactSet.Build(plan, trained.Results, TorchRuntime.Settings, provenance);
        return new ExperimentRun(plan, trained.Results, artifacts, clock.Elapsed, trained);
    }

    /// <summary>Load and expand a spec; bad input (including a device this machine lacks) throws <see cref="SpecException"/>.</summary>
    public static TrialPlan Plan(string specPath, IReadOnlyList<string>? overrides = null)
    {
        var spec = SpecBinder.Load(specPath, Registries.Catalog, overrides ?? []);
        CheckDevice(spec);
        return Planner.Plan(spec, EngineInfo.Version);
    }

    /// <summary>
    /// Every trial's result: from the cache where a verified entry exists (unless <paramref name="force"/>),
    /// otherwise trained and then stored (replacing what the cache held, under <paramref name="force"/>). A corrupt
    /// entry is reported and recomputed.
    /// </summary>
    /// <param name="shard">only these trials (a worker's or a machine's part of the plan)</param>
    /// <param name="progress">told the plan's size and every batch's steps (the live display, or a worker's channel)</param>
    public TrainedTrials Train(TrialPlan plan, CancellationToken cancel, TrialCache? cache = null, bool force = false, Shard? shard = null,
        IProgressSink? progress = null)
    {
        var spec = plan.Spec;
        var clock = Stopwatch.StartNew();
        cache?.SweepStale();
        var results = new SortedDictionary<int, TrialResult>();
        var toTrain = new List<Trial>();
        int fromCache = 0, damaged = 0;
        var replace = new HashSet<string>(StringComparer.Ordinal);
        // A shard counts its own trials ("[3/5]"), not the plan's: two workers must not both count from [1/9].
        var mine = shard is null ? plan.Trials : Batching.Part(plan.Trials, shard.Number, shard.Count);
        foreach (var trial in mine)
        {
            cancel.ThrowIfCancellationRequested();
            if (cache is not null && !force)
            {
                var lookup = cache.Get(trial);
                if (lookup.Problem is not null)
                {
                    if (!lookup.Hit) damaged++; // a hit despite a problem: a stuck entry beside a good one
                    log.LogWarning("{Problem}", lookup.Problem);
                }
                if (lookup.Hit && spec.KeepsWeights && lookup.Result!.Weights is null)
                {
                    // An entry from before repro kept weights: its numbers are right, but the spec asks for what it lacks.
                    log.LogInformation("{Key}: the cache entry has no weights, which the spec's artifacts ask for: retrained", trial.Key[..12]);
                    toTrain.Add(trial);
                    replace.Add(trial.Key);
                    continue;
                }
                if (lookup.Hit)
                {
                    results[trial.Index] = lookup.Result!;
                    fromCache++;
                    continue;
                }
            }
            toTrain.Add(trial);
        }
        var batches = Batching.Group(toTrain);
        progress?.Planned(spec.Name, plan.Trials.Count, fromCache, batches.Sum(b => b.Trials.Count * b.Shared.Train.Steps));
        // The engine reports every step; the sink is called on the training thread, so it must be quick.
        var steps = progress is null ? null : new StepReports(progress);
        foreach (var batch in batches)
        {
            cancel.ThrowIfCancellationRequested();
            progress?.Report(ProgressEvent.Began(batch.Trials.Count, batch.Shared.Train.Steps));
            if (batch.Alone is not null)
                log.LogInformation("{Key} trains alone: {Reason}", batch.Trials[0].Key[..12], batch.Alone);
            var started = clock.Elapsed;
            var trained = Libtorch.Guard(() => Trainer.Run(batch, cancel, steps), full => log.LogDebug("libtorch's whole message: {Message}", full));
            log.LogInformation(batch.Trials.Count > 1 ? "{Spec}: trained {Count} trials as one batch in {Seconds:F2} s" : "{Spec}: trained {Count} trial alone in {Seconds:F2} s",
                spec.Name, batch.Trials.Count, (clock.Elapsed - started).TotalSeconds);
            progress?.Report(ProgressEvent.Ended(batch.Trials.Count, batch.Shared.Train.Steps));
            foreach (var (trial, result) in batch.Trials.Zip(trained))
            {
                if (cache?.Put(trial, spec.Name, plan.EngineVersion, result, replace: force || replace.Contains(trial.Key), Provenance.WrittenBy()) is { } stored)
                    log.LogWarning("{Problem}", stored);
                results[trial.Index] = result;
                string sweep = string.Join(", ", plan.SweepColumns.Select(c => $"{c.Path}={Canonical.Text(trial.Value(c.Path))}").Append($"seed={trial.Seed}"));
                if (result.Diverged)
                    log.LogWarning("[{Done}/{Total}] {Key} ({Sweep}) diverged at step {Step}", results.Count, mine.Count, trial.Key[..12], sweep, result.DivergedAtStep);
                else
                    log.LogInformation("[{Done}/{Total}] {Key} ({Sweep}) {Steps} steps", results.Count, mine.Count, trial.Key[..12], sweep, result.StepsCompleted);
            }
        }
        // The command's own summary line says the same to the user.
        log.LogDebug("{Spec}: {Trained} trained, {Cached} from the cache", spec.Name, results.Count - fromCache, fromCache);
        return new TrainedTrials([.. results.Values], results.Count - fromCache, fromCache, damaged);
    }

    sealed class StepReports(IProgressSink sink) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => sink.Report(ProgressEvent.Of(value));
    }

    static void CheckDevice(ResolvedSpec spec)
    {
        if (spec.Points.Any(p => p.Device == "cuda") && !TorchRuntime.Start())
            throw new SpecException(new SpecError(spec.DeviceMark, "device: cuda was requested but CUDA is not available on this machine (this build uses the CPU libtorch)",
                "use `device: cpu`, or `device: auto` to use CUDA only where present"));
    }
}
