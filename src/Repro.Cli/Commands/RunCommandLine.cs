using System.CommandLine;
using System.Globalization;
using Repro.Cli.CommandLine;
using Repro.Cli.Launchers;
using Repro.Cli.Launchers.Slurm;
using Repro.Core;
using Repro.Core.Plan;

namespace Repro.Cli.Commands;

/// <summary>`repro run SPEC`: its arguments, options and validators; the work is <see cref="RunCommand"/>'s.</summary>
public static class RunCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var force = new Option<bool>("--force") { Description = "train every trial, even where the cache holds it, and publish over a folder another spec file of the same name published" };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "worker processes for the trials to train (default: the core count; each trial uses one thread)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        CountOption.AtLeastOne(context, jobs, "write e.g. `--jobs 2`, or leave it out to use every core");
        var shard = new Option<string?>("--shard")
        {
            Description = "train only part K of N of the trials into the cache and publish nothing (e.g. 2/4, for CI matrices); `auto` takes the part from "
                + "a Slurm array task's or a Kubernetes Indexed Job's environment; a later plain run publishes",
        };
        shard.Validators.Add(result =>
        {
            if (result.Tokens is [.., var last] && last.Value != ShardFromEnvironment.Auto && Shard.Parse(last.Value) is null)
                context.Reject(result, Fail.Usage($"--shard {last.Value} is not K/N with 1 <= K <= N, nor auto", "write e.g. `--shard 2/4`, or `--shard auto` in a Slurm array task"));
        });
        var launcher = new Option<string>("--launcher")
        {
            Description = $"where the trials to train are trained: {string.Join(", ", Launchers.Launchers.Names)} (default {Launchers.Launchers.Default}: --jobs worker processes here)",
            DefaultValueFactory = _ => Launchers.Launchers.Default,
        };
        launcher.Validators.Add(result =>
        {
            if (result.Tokens is [.., var last] && !Launchers.Launchers.Names.Contains(last.Value))
                context.Reject(result, Fail.Usage($"--launcher {last.Value} is not a launcher", $"write one of {string.Join(", ", Launchers.Launchers.Names)}"));
        });
        var shards = new Option<int?>("--shards") { Description = "array tasks for --launcher slurm (default: one per batch to train, at most 16); with --shard auto, how many parts there are" };
        var partition = new Option<string?>("--partition") { Description = "the Slurm partition to submit to (default: the cluster's)" };
        var time = new Option<string?>("--time") { Description = "each Slurm task's time limit, as sbatch takes it: 30, 2:00:00, 1-12" };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "CPUs Slurm gives each task (default 1: a task trains one trial at a time, on one thread)" };
        var noWait = new Option<bool>("--no-wait") { Description = "with --launcher slurm: submit, print the job id and return; a later plain run publishes" };
        CountOption.AtLeastOne(context, shards, "write e.g. `--shards 4`");
        CountOption.AtLeastOne(context, cpus, "write e.g. `--cpus-per-task 2`");
        SlurmForms.Time(context, time);
        SlurmForms.Partition(context, partition);

        var run = new Command("run", "train the trials the cache lacks, publish results/<name>/ and check the claims")
            { shared.Spec, shared.Results, shared.Cache, force, shared.Set, jobs, shard, launcher, shards, partition, time, cpus, noWait, shared.Json, shared.Quiet };
        // Options of one launcher given to another would be ignored without a word: refused instead.
        run.Validators.Add(result =>
        {
            string chosen = result.GetValue(launcher) ?? Launchers.Launchers.Default;
            bool sharded = result.GetResult(shard) is { Tokens.Count: > 0 };
            foreach (var (option, name) in new (Option, string)[] { (partition, "--partition"), (time, "--time"), (cpus, "--cpus-per-task"), (noWait, "--no-wait") })
                if (result.GetResult(option) is { Implicit: false } && chosen != SlurmLauncher.Id)
                    context.Reject(result, Fail.Usage($"{name} is an option of --launcher slurm, not of {chosen}", $"add `--launcher slurm`, or leave {name} out"));
            if (result.GetResult(shards) is { Implicit: false } && chosen != SlurmLauncher.Id && result.GetValue(shard) != ShardFromEnvironment.Auto)
                context.Reject(result, Fail.Usage("--shards is for --launcher slurm or --shard auto", "use --jobs N for worker processes on this machine"));
            if (sharded && result.GetResult(launcher) is { Implicit: false })
                context.Reject(result, Fail.Usage("--shard trains one part in this process: it takes no --launcher", "leave --launcher out of a shard's command"));
        });
        run.SetAction((p, cancel) => context.Hosted<RunCommand>(p, command => command.ExecuteAsync(new RunOptions(
            p.GetValue(shared.Spec)!, p.GetValue(shared.Results)!, p.GetValue(shared.Cache)!, p.GetValue(force), p.GetValue(shared.Set) ?? [],
            p.GetValue(shard) is { } part && part != ShardFromEnvironment.Auto ? Shard.Parse(part) : null, p.GetValue(shared.Json),
            p.GetValue(launcher)!, new LaunchSettings(Jobs: p.GetValue(jobs), Shards: p.GetValue(shards), Partition: p.GetValue(partition), Time: p.GetValue(time),
                CpusPerTask: p.GetValue(cpus) ?? 1, NoWait: p.GetValue(noWait)), ShardAuto: p.GetValue(shard) == ShardFromEnvironment.Auto), cancel)));
        return run;
    }
}
