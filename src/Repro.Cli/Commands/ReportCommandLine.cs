using System.CommandLine;
using Repro.Cli.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>`repro report`: its options; the work is <see cref="ReportCommand"/>'s.</summary>
public static class ReportCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var specs = new Option<string>("--specs") { Description = "folder holding <name>.yaml for every published folder", DefaultValueFactory = _ => "specs" };
        var report = new Command("report", "write results/README.md and results/index.html from the published results (does not load libtorch)")
            { shared.Results, specs };
        report.SetAction(p => context.Run(() => ReportCommand.Execute(p.GetValue(shared.Results)!, p.GetValue(specs)!, context.Stdout)));
        return report;
    }
}
