using Repro.Cli.Diff;
using Repro.Cli.Json;
using Repro.Core.Diff;
using Repro.Core.History;

namespace Repro.Cli.Commands;

/// <summary>
/// `repro diff A B`: what differs between two publishes of a spec (folders, git revisions, history entries): trials,
/// configs, claim verdicts and, per metric, how many values moved and how far. Exit 0 when identical or within
/// `--tolerance`, 1 beyond it. Reads only; loads no libtorch.
/// </summary>
public static class DiffCommand
{
    public static int Execute(string a, string b, string? tolerance, string cache, bool json, TextWriter stdout)
    {
        var bounds = tolerance is null ? null : Tolerance.Parse(tolerance);
        var (sideA, sideB) = DiffOperands.Read(a, b, new Ledger(cache));
        var diff = ResultDiff.Compare(sideA, sideB, bounds);
        if (json) JsonOutput.Write(stdout, DiffJson.Document(diff));
        else DiffText.Write(stdout, diff);
        return diff.Identical || (bounds is not null && diff.WithinTolerance) ? ExitCodes.Ok : ExitCodes.ClaimFailed;
    }
}
