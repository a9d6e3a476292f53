using System.CommandLine;
using System.Globalization;
using Repro.Cli.CommandLine;
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
        jobs.Validators.Add(result =>
        {
            if (result.Tokens is [.., var last] && int.TryParse(last.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n < 1)
                context.Reject(result, Fail.Usage($"--jobs must be at least 1, got {n}", "write e.g. `--jobs 2`, or leave it out to use every core"));
        });
        var shard = new Option<string?>("--shard")
        {
            Description = "train only part K of N of the trials into the cache and publish nothing (e.g. 2/4, for Slurm arrays or CI matrices); a later plain run publishes",
        };
        shard.Validators.Add(result =>
        {
            if (result.Tokens is [.., var last] && Shard.Parse(last.Value) is null)
                context.Reject(result, Fail.Usage($"--shard {last.Value} is not K/N with 1 <= K <= N", "write e.g. `--shard 2/4`"));
        });

        var run = new Command("run", "train the trials the cache lacks, publish results/<name>/ and check the claims")
            { shared.Spec, shared.Results, shared.Cache, force, shared.Set, jobs, shard, shared.Json, shared.Quiet };
        run.SetAction((p, cancel) => context.Hosted<RunCommand>(p, command => command.ExecuteAsync(new RunOptions(
            p.GetValue(shared.Spec)!, p.GetValue(shared.Results)!, p.GetValue(shared.Cache)!, p.GetValue(force), p.GetValue(shared.Set) ?? [],
            p.GetValue(jobs), p.GetValue(shard) is { } part ? Shard.Parse(part) : null, p.GetValue(shared.Json)), cancel)));
        return run;
    }
}
