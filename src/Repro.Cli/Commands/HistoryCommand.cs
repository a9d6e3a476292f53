using Repro.Cli.Json;
using Repro.Cli.Output;
using Repro.Cli.Pipeline;
using Repro.Core.History;

namespace Repro.Cli.Commands;

/// <summary>
/// `repro history [SPEC]`: every publish the run history recorded (<see cref="Ledger"/>), oldest first, for all
/// specs or one (by name, or by its spec file). Reads the ledger only; trains and writes nothing.
/// </summary>
public static class HistoryCommand
{
    public static int Execute(string? spec, string cache, bool json, TextWriter stdout)
    {
        var ledger = new Ledger(cache);
        string? name = spec is null ? null : SpecName(spec);
        var entries = ledger.Read().Where(e => name is null || e.Spec == name).ToList();
        if (json)
        {
            JsonOutput.Write(stdout, HistoryJson.Of(ledger, name, entries));
            return ExitCodes.Ok;
        }
        if (entries.Count == 0)
        {
            stdout.WriteLine(name is null ? $"no publishes recorded in {ledger.Path}" : $"no publishes of {name} recorded in {ledger.Path}");
            return ExitCodes.Ok;
        }
        TextTable.Write(stdout, [["#", "time (UTC)", "spec", "content", "commit", "trained/cached", "claims passed/failed", "published"],
            .. entries.Select(e => (IReadOnlyList<string>)[$"@{e.Index}", e.TimeUtc, e.Spec, e.ContentSha256[..12], Commit(e),
                $"{e.TrialsTrained}/{e.TrialsFromCache}", $"{e.ClaimsPassed}/{e.ClaimsFailed}", e.Written ? "written" : "unchanged"])]);
        return ExitCodes.Ok;
    }

    static string Commit(LedgerEntry e) => e.GitCommit is null ? "-" : e.GitCommit[..Math.Min(12, e.GitCommit.Length)] + (e.GitDirty == true ? "+dirty" : "");

    // A spec file names its spec by its `name:`; anything else is taken as the name itself.
    static string SpecName(string spec) =>
        File.Exists(spec) && spec.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ? ExperimentRunner.Plan(spec).Spec.Name : spec;
}
