using Repro.Cli.Emit;
using Repro.Core.Spec;
using Repro.Engine.Registry;

namespace Repro.Cli.Commands;

/// <summary>`repro emit`: the spec is loaded and checked first (a file that cannot run is never written), then the template printed.</summary>
public static class EmitCommand
{
    public static int Execute(ITemplate template, string specFile, int shards, string cache, IReadOnlyList<string> overrides, string? partition,
        string? time, int cpus, string image, string? repro, bool force, TextWriter output)
    {
        // Only the spec's language: the template runs elsewhere, where the devices and data are that machine's.
        var spec = SpecBinder.Load(specFile, Registries.Catalog, overrides);
        var program = (repro ?? template.DefaultRepro).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var request = new EmitRequest(spec.Name, shards, new ShardCommand(specFile, cache, force, overrides), program, partition, time, cpus, image);
        output.Write(template.Render(request));
        return ExitCodes.Ok;
    }
}
