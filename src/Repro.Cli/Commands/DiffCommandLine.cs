using System.CommandLine;
using Repro.Cli.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>`repro diff A B`: its arguments and options; the work is <see cref="DiffCommand"/>'s.</summary>
public static class DiffCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        const string What = "a published folder (results/NAME), a git revision's (HEAD~1:results/NAME) or a history entry (@N, @0 the newest, @-1 the one before)";
        var a = new Argument<string>("a") { Description = "the old side: " + What };
        var b = new Argument<string>("b") { Description = "the new side: " + What };
        var tolerance = new Option<string?>("--tolerance")
        {
            Description = "how far a metric value may move: abs=1e-12,rel=1e-9,ulp=4 (any subset; a value passes within any of them); exit 1 only beyond it",
        };
        var diff = new Command("diff", "compare two publishes of a spec: trials added, removed or changed, claim verdicts, and how far each metric moved")
            { a, b, tolerance, shared.Cache, shared.Json };
        diff.SetAction(p => context.Run(() => DiffCommand.Execute(p.GetValue(a)!, p.GetValue(b)!, p.GetValue(tolerance), p.GetValue(shared.Cache)!, p.GetValue(shared.Json), context.Stdout)));
        return diff;
    }
}
