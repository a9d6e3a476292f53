using System.CommandLine;
using Repro.Cli.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>`repro history [SPEC]`: its arguments and options; the work is <see cref="HistoryCommand"/>'s.</summary>
public static class HistoryCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var spec = new Argument<string?>("spec")
        {
            Description = "only this spec's publishes: its name, or its spec file",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var history = new Command("history", "list every publish recorded in the run history (the cache's ledger), oldest first; `repro diff @N` reads them back")
            { spec, shared.Cache, shared.Json };
        history.SetAction(p => context.Run(() => HistoryCommand.Execute(p.GetValue(spec), p.GetValue(shared.Cache)!, p.GetValue(shared.Json), context.Stdout)));
        return history;
    }
}
