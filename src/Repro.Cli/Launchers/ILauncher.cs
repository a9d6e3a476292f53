using Repro.Cli.Progress;
using Repro.Core.Plan;

namespace Repro.Cli.Launchers;

/// <summary>
/// Where the trials a run must train are trained before the calling process publishes: in it, in local worker
/// processes, or as a scheduler's job array. Every launcher trains into the trial cache, so the publish that follows
/// finds them there; a new kind is one file plus one line in <see cref="Launchers"/>.
/// </summary>
public interface ILauncher
{
    /// <summary>The name `--launcher` takes.</summary>
    string Name { get; }

    /// <summary>Trains <see cref="LaunchRequest.ToTrain"/> into the cache, telling <see cref="LaunchRequest.Progress"/> as it goes.</summary>
    LaunchOutcome Train(LaunchRequest request, CancellationToken cancel);
}

/// <param name="SpecFile">the spec file as the user gave it</param>
/// <param name="Plan">the whole plan</param>
/// <param name="ToTrain">the plan's trials the cache lacks (all of them under --force)</param>
/// <param name="Cache">the trial cache folder, where every launcher's trials meet</param>
/// <param name="Overrides">`--set` overrides, passed on to every process that trains</param>
/// <param name="Progress">the run's one display</param>
public sealed record LaunchRequest(string SpecFile, TrialPlan Plan, IReadOnlyList<Trial> ToTrain, string Cache, bool Force,
    IReadOnlyList<string> Overrides, LaunchSettings Settings, BoardSink Progress);

/// <summary>The launcher options of `repro run`; each launcher reads those that concern it (the command line refuses the others).</summary>
/// <param name="Jobs">local worker processes (`--jobs`)</param>
/// <param name="Shards">scheduler tasks (`--shards`); null: the launcher's choice</param>
/// <param name="Partition">Slurm partition; null: the cluster's default</param>
/// <param name="Time">Slurm time limit per task, in sbatch's form; null: the partition's default</param>
/// <param name="CpusPerTask">Slurm CPUs per task</param>
/// <param name="NoWait">submit and return the job's id; a later plain `run` publishes</param>
public sealed record LaunchSettings(int Jobs = 1, int? Shards = null, string? Partition = null, string? Time = null, int CpusPerTask = 1, bool NoWait = false);

/// <param name="Trained">trials the launcher's processes trained (each process's own count)</param>
/// <param name="Where">how the summary line says where they trained: "in 2 worker processes"; null: in this process</param>
/// <param name="Processes">processes that trained (for --json's workers)</param>
/// <param name="Submitted">the scheduler's job id, when the launcher left the job running (--no-wait): nothing is published</param>
/// <param name="TrainsHere">the launcher trained nothing ahead: the publish trains (and --force applies there)</param>
public sealed record LaunchOutcome(int Trained, string? Where, int Processes, string? Submitted = null, bool TrainsHere = false)
{
    public static readonly LaunchOutcome InThisProcess = new(0, null, 1, TrainsHere: true);
}
