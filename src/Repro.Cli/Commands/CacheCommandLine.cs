using System.CommandLine;
using Repro.Cli.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>`repro cache merge|verify|gc`: their arguments and options; the work is <see cref="CacheCommand"/>'s.</summary>
public static class CacheCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var sources = new Argument<string[]>("sources") { Description = "cache folders that came back from other machines (each a --cache of theirs)", Arity = ArgumentArity.OneOrMore };
        var merge = new Command("merge", "take other caches' entries into --cache, each verified first; different bytes under one key are a reproducibility fault (exit 1), never an overwrite")
            { sources, shared.Cache };
        merge.SetAction(p => context.Run(() => CacheCommand.Merge(p.GetValue(sources)!, p.GetValue(shared.Cache)!, context.Stdout)));

        var verify = new Command("verify", "read back every cache entry and check its SHA-256s and keys (exit 1 when one is damaged)") { shared.Cache };
        verify.SetAction(p => context.Run(() => CacheCommand.Verify(p.GetValue(shared.Cache)!, context.Stdout)));

        var keepPublished = new Option<bool>("--keep-published") { Description = "also remove entries that no published result under --results and no run in the history (ledger) refers to" };
        var dryRun = new Option<bool>("--dry-run") { Description = "say what would be removed; remove nothing" };
        var gc = new Command("gc", "remove damaged entries and what crashed writers left; with --keep-published, every entry no published result or ledger refers to")
            { shared.Cache, shared.Results, keepPublished, dryRun };
        gc.SetAction(p => context.Run(() => CacheCommand.Gc(p.GetValue(shared.Cache)!, p.GetValue(shared.Results)!, p.GetValue(keepPublished), p.GetValue(dryRun), context.Stdout)));

        return new Command("cache", "the trial cache: merge caches from other machines, verify every entry, remove what nothing needs") { merge, verify, gc };
    }
}
