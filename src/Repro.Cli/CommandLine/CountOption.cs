using System.CommandLine;
using System.Globalization;
using Repro.Core;

namespace Repro.Cli.CommandLine;

/// <summary>The rule every count option shares (--jobs, --shards, --cpus-per-task): at least 1, refused with the fix.</summary>
public static class CountOption
{
    /// <param name="fix">what to write instead, e.g. "write e.g. `--jobs 2`"</param>
    public static void AtLeastOne(CommandContext context, Option option, string fix) => option.Validators.Add(result =>
    {
        if (result.Tokens is [.., var last] && int.TryParse(last.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n < 1)
            context.Reject(result, Fail.Usage($"{option.Name} must be at least 1, got {n}", fix));
    });
}
