using System.CommandLine;
using Repro.Cli;
using Repro.Cli.CommandLine;
using Repro.Cli.Output;
using Repro.Tests.Support;

namespace Repro.Tests.Cli;

/// <summary>README's commands table is the command-line reference: a row per command, naming each of its options.</summary>
public class CommandTableTests
{
    static readonly string[] Rows = File.ReadAllLines(Repo.Path("README.md")).Where(l => l.StartsWith("| `repro ", StringComparison.Ordinal)).ToArray();

    static readonly RootCommand Root = ReproApp.Root(new CommandContext(new ConsoleOutput(TextWriter.Null, _ => null), TextWriter.Null));

    [Fact]
    public void Every_command_has_a_row_and_every_row_a_command()
    {
        var documented = Rows.Select(r => r.Split(' ')[2].TrimEnd('`')).ToList();
        Assert.Equal(Root.Subcommands.Select(c => c.Name).Order(), documented.Order());
    }

    [Fact]
    public void Each_row_names_every_option_of_its_command()
    {
        var missing = Root.Subcommands
            .SelectMany(c => c.Options.Where(o => o.Name != "--help").Select(o => (Command: c.Name, Option: o)))
            // An optional one in brackets; a required one (emit's --shards) as it must be written.
            .Where(x => !Usage(x.Command).Contains(x.Option.Required ? $" {x.Option.Name} " : $"[{x.Option.Name}", StringComparison.Ordinal)
                        && !x.Option.Aliases.Any(a => Usage(x.Command).Contains($"[{a}]", StringComparison.Ordinal)))
            .Select(x => $"repro {x.Command} {x.Option.Name}")
            .ToList();
        Assert.True(missing.Count == 0, "README's commands table does not name: " + string.Join(", ", missing));
    }

    // The row's first cell, e.g. `repro run SPEC [--results DIR] ... [-q]`.
    static string Usage(string command) => Rows.Single(r => r.StartsWith($"| `repro {command}", StringComparison.Ordinal)).Split(" | ")[0];
}
