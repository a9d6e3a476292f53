using System.CommandLine;
using Repro.Cli.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>`repro doctor [--results DIR]`: its option; the work is <see cref="DoctorCommand"/>'s.</summary>
public static class DoctorCommandLine
{
    public static Command Create(CommandContext context)
    {
        // Not the shared --results: here it has no default, since leaving it out means "check no published results".
        var results = new Option<string?>("--results")
        {
            Description = "published results (a folder of them, or one): say whether this machine is expected to regenerate their bytes",
        };
        var doctor = new Command("doctor", "print this machine's numerics fingerprint per op family (seconds, no training); with --results, whether it regenerates those bytes")
            { results };
        doctor.SetAction(p => context.Run(() => DoctorCommand.Execute(p.GetValue(results), context.Stdout)));
        return doctor;
    }
}
