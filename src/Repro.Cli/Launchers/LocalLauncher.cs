using Microsoft.Extensions.Logging;
using Repro.Cli.Pipeline;

namespace Repro.Cli.Launchers;

/// <summary>
/// `--launcher local` (the default): `--jobs N` worker processes on this machine (<see cref="Workers"/>), each
/// training its shard into the cache; with one job, or one trial to train, this process trains it.
/// </summary>
public sealed class LocalLauncher(Workers workers, ILogger<LocalLauncher> log) : ILauncher
{
    public const string Id = "local";

    public string Name => Id;

    public LaunchOutcome Train(LaunchRequest request, CancellationToken cancel)
    {
        int jobs = Math.Min(request.Settings.Jobs, request.ToTrain.Count);
        if (jobs <= 1) return LaunchOutcome.InThisProcess;
        var plan = request.Plan;
        log.LogInformation("{Spec}: training {Missing} trials in {Jobs} worker processes", plan.Spec.Name, request.ToTrain.Count, jobs);
        request.Progress.Planned(plan.Spec.Name, plan.Trials.Count, plan.Trials.Count - request.ToTrain.Count, request.ToTrain.Sum(t => t.Config.Train.Steps));
        int trained = workers.Train(request.SpecFile, jobs, request.Cache, request.Force, request.Overrides, cancel, request.Progress);
        return new LaunchOutcome(trained, $"in {jobs} worker processes", jobs);
    }
}
