using System.CommandLine;
using System.Text.RegularExpressions;
using Repro.Core;

namespace Repro.Cli.CommandLine;

/// <summary>The Slurm options `run --launcher slurm` and `emit slurm` share, checked against the forms sbatch takes before anything is submitted or written.</summary>
public static partial class SlurmForms
{
    public static void Time(CommandContext context, Option<string?> option) =>
        Matching(context, option, SlurmTime(), "write minutes, H:MM:SS or D-HH, e.g. `--time 2:00:00`");

    public static void Partition(CommandContext context, Option<string?> option) =>
        Matching(context, option, SlurmName(), "write the partition's name as `sinfo` lists it");

    static void Matching(CommandContext context, Option<string?> option, Regex form, string fix) => option.Validators.Add(result =>
    {
        if (result.Tokens is [.., var last] && !form.IsMatch(last.Value))
            context.Reject(result, Fail.Usage($"{option.Name} {last.Value} is not a form Slurm takes", fix));
    });

    [GeneratedRegex(@"^(\d+|\d+:\d{2}(:\d{2})?|\d+-\d+(:\d{2}(:\d{2})?)?)$")]
    private static partial Regex SlurmTime();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+$")]
    private static partial Regex SlurmName();
}
