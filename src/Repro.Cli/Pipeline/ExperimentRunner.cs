using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Repro.Core.Artifacts;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;

namespace Repro.Cli.Pipeline;

/// <summary>What running a spec produced: the plan, each trial's result and the artifacts built from them.</summary>
public sealed record ExperimentRun(TrialPlan Plan, IReadOnlyList<TrialResult> Results, ArtifactSet Artifacts, TimeSpan Elapsed);

/// <summary>Load → plan → train every trial → build artifacts. Publishing is the caller's choice.</summary>
public sealed class ExperimentRunner(ILogger<ExperimentRunner> log)
{
    public ExperimentRun Run(string specPath, CancellationToken cancel)
    {
        var plan = Plan(specPath);
        var clock = Stopwatch.StartNew();
        var results = Train(plan, cancel);
        var artifacts = ArtifactSet.Build(plan, results, TorchRuntime.Settings);
        return new ExperimentRun(plan, results, artifacts, clock.Elapsed);
    }

    /// <summary>Load and expand a spec; bad input (including a device this machine lacks) throws <see cref="SpecException"/>.</summary>
    public static TrialPlan Plan(string specPath)
    {
        var spec = SpecBinder.Load(specPath, Registries.Catalog);
        CheckDevice(spec);
        return Planner.Plan(spec, EngineInfo.Version);
    }

    public IReadOnlyList<TrialResult> Train(TrialPlan plan, CancellationToken cancel)
    {
        var spec = plan.Spec;
        log.LogInformation("{Spec}: {Trials} trials ({Points} sweep points x {Seeds} seeds)",
            spec.Name, plan.Trials.Count, spec.Points.Count, spec.Seeds.Count);
        var clock = Stopwatch.StartNew();
        var results = new List<TrialResult>();
        foreach (var trial in plan.Trials)
        {
            var started = clock.Elapsed;
            var result = Trainer.Run(trial, cancel);
            results.Add(result);
            string sweep = string.Join(", ", plan.SweepColumns.Select(c => $"{c.Path}={Canonical.Text(trial.Value(c.Path))}").Append($"seed={trial.Seed}"));
            if (result.Diverged)
                log.LogWarning("[{Done}/{Total}] {Key} ({Sweep}) diverged at step {Step}", results.Count, plan.Trials.Count, trial.Key[..12], sweep, result.DivergedAtStep);
            else
                log.LogInformation("[{Done}/{Total}] {Key} ({Sweep}) {Steps} steps in {Seconds:F2} s",
                    results.Count, plan.Trials.Count, trial.Key[..12], sweep, result.StepsCompleted, (clock.Elapsed - started).TotalSeconds);
        }
        return results;
    }

    static void CheckDevice(ResolvedSpec spec)
    {
        if (spec.Points.Any(p => p.Device == "cuda") && !TorchRuntime.Start())
            throw new SpecException(new SpecError(spec.DeviceMark, "device: cuda was requested but CUDA is not available on this machine (this build uses the CPU libtorch)",
                "use `device: cpu`, or `device: auto` to use CUDA only where present"));
    }
}
