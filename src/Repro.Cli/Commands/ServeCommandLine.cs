using System.CommandLine;
using Repro.Cli.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>`repro serve [--port N]`: its options; the work is <see cref="ServeCommand"/>'s, hosted.</summary>
public static class ServeCommandLine
{
    public const int DefaultPort = 8765;

    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var port = new Option<int>("--port") { Description = $"port on 127.0.0.1 (0: any free one; default {DefaultPort})", DefaultValueFactory = _ => DefaultPort };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
                context.Reject(r, Core.Fail.Usage($"--port must be 0..65535, got {r.GetValueOrDefault<int>()}", "pass a port such as --port 8765, or --port 0 for any free one"));
        });
        var specs = new Option<string>("--specs") { Description = "folder holding <name>.yaml for every published folder", DefaultValueFactory = _ => "specs" };
        var serve = new Command("serve", "show the report as a local web page (127.0.0.1 only) that updates in place while `run` or `watch` works; Ctrl+C stops")
            { port, shared.Results, specs, shared.Cache, shared.Quiet };
        serve.SetAction((p, cancel) =>
        {
            var options = new ServeOptions(p.GetValue(port), p.GetValue(shared.Results)!, p.GetValue(specs)!, p.GetValue(shared.Cache)!);
            return context.Hosted<ServeCommand>(p, command => command.ExecuteAsync(options, cancel));
        });
        return serve;
    }
}
