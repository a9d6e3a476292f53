using System.CommandLine;
using System.Globalization;
using Repro.Cli.CommandLine;
using Repro.Cli.Emit;
using Repro.Core;

namespace Repro.Cli.Commands;

/// <summary>`repro emit slurm|k8s|github SPEC --shards N`: its arguments and options; the work is <see cref="EmitCommand"/>'s.</summary>
public static class EmitCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var kind = new Argument<string>("kind") { Description = $"what to write: {string.Join(", ", Templates.All.Select(t => $"{t.Name} ({t.Description})"))}" };
        kind.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && Templates.Find(token.Value) is null)
                context.Reject(result, Fail.Usage($"repro emit {token.Value}: no such template", $"write one of {string.Join(", ", Templates.All.Select(t => t.Name))}"));
        });
        var shards = new Option<int>("--shards") { Description = "how many shards (array tasks, pods, matrix jobs)", Required = true };
        CountOption.AtLeastOne(context, shards, "write e.g. `--shards 4`");
        var partition = new Option<string?>("--partition") { Description = "slurm: the partition (default: the cluster's)" };
        var time = new Option<string?>("--time") { Description = "slurm: each task's time limit, as sbatch takes it" };
        SlurmForms.Partition(context, partition);
        SlurmForms.Time(context, time);
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per task or pod", DefaultValueFactory = _ => 1 };
        CountOption.AtLeastOne(context, cpus, "write e.g. `--cpus-per-task 2`");
        var image = new Option<string>("--image") { Description = "k8s: the container image holding repro and the project at /work", DefaultValueFactory = _ => "repro:latest" };
        var repro = new Option<string?>("--repro") { Description = "the command the file starts repro with (default: `repro` on PATH; for github, `dotnet run` of the checkout)" };
        var force = new Option<bool>("--force") { Description = "the shards train every trial, even where the cache holds it" };
        var emit = new Command("emit", "print a file that runs SPEC's shards on Slurm, Kubernetes or GitHub Actions, for submitting yourself")
            { kind, shared.Spec, shards, shared.Cache, shared.Set, partition, time, cpus, image, repro, force };
        emit.SetAction(p => context.Run(() => EmitCommand.Execute(Templates.Find(p.GetValue(kind)!)!, p.GetValue(shared.Spec)!, p.GetValue(shards),
            p.GetValue(shared.Cache)!, p.GetValue(shared.Set) ?? [], p.GetValue(partition), p.GetValue(time), p.GetValue(cpus), p.GetValue(image)!,
            p.GetValue(repro), p.GetValue(force), context.Stdout)));
        return emit;
    }
}
