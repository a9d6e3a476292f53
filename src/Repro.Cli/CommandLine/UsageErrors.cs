using System.CommandLine;
using Repro.Core;

namespace Repro.Cli.CommandLine;

/// <summary>What is wrong with a command line, as usage errors (each printed as one line, exit 2).</summary>
public static class UsageErrors
{
    /// <summary>
    /// Unknown names alone when there are any (they explain the rest: `run --retrian x.yaml` also leaves x.yaml
    /// unmatched); otherwise every parse error: a validator's as it rejected, System.CommandLine's with a pointer to the help.
    /// </summary>
    public static IReadOnlyList<UsageException> Of(ParseResult parsed, CommandContext context)
    {
        var unknown = UnknownNames.Find(parsed);
        if (unknown.Count > 0) return unknown;
        string help = $"see `{UnknownNames.PathOf(parsed.CommandResult)} --help`";
        return [.. parsed.Errors.Select(e => context.Rejection(e.Message) ?? Fail.Usage(e.Message.TrimEnd('.'), help))];
    }

    public static string Line(UsageException usage) => $"repro: {usage.Problem}; {usage.Fix}";
}
