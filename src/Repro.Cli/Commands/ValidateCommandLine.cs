using System.CommandLine;
using Repro.Cli.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>`repro validate SPEC`: its arguments and options; the work is <see cref="ValidateCommand"/>'s.</summary>
public static class ValidateCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var canonical = new Option<bool>("--canonical") { Description = "print the spec's canonical JSON (all defaults written out)" };
        var validate = new Command("validate", "check a spec without training (does not load libtorch)") { shared.Spec, canonical, shared.Set };
        validate.SetAction(p => context.Run(() => ValidateCommand.Execute(p.GetValue(shared.Spec)!, p.GetValue(canonical), p.GetValue(shared.Set) ?? [], context.Stdout)));
        return validate;
    }
}
