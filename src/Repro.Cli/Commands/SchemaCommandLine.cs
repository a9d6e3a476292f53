using System.CommandLine;
using Repro.Cli.CommandLine;
using Repro.Core.Spec;

namespace Repro.Cli.Commands;

/// <summary>`repro schema`: the JSON Schema of the spec language, generated from the engine's catalog.</summary>
public static class SchemaCommandLine
{
    public static Command Create(CommandContext context)
    {
        var schema = new Command("schema", "print the JSON Schema of the spec language (for editors: `# yaml-language-server: $schema=...`)");
        schema.SetAction(_ => context.Run(() =>
        {
            context.Stdout.WriteLine(Canonical.Pretty(SpecSchema.Generate(Repro.Engine.Registry.Registries.Catalog)));
            return ExitCodes.Ok;
        }));
        return schema;
    }
}
