using System.CommandLine;
using Repro.Cli.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>`repro plan SPEC`: its arguments and options; the work is <see cref="PlanCommand"/>'s.</summary>
public static class PlanCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var plan = new Command("plan", "list a spec's trials, their keys and whether the cache holds them; for the rest, what changed (trains nothing)")
            { shared.Spec, shared.Cache, shared.Set, shared.Json };
        plan.SetAction(p => context.Run(() => PlanCommand.Execute(p.GetValue(shared.Spec)!, p.GetValue(shared.Cache)!, p.GetValue(shared.Set) ?? [], context.Stdout, context.Interrupt,
            p.GetValue(shared.Json))));
        return plan;
    }
}
