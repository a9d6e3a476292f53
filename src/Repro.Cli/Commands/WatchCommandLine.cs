using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Repro.Cli.CommandLine;
using Repro.Cli.Watch;
using Repro.Core;
using Repro.Core.Spec;

namespace Repro.Cli.Commands;

/// <summary>`repro watch [SPEC|DIR]`: its arguments and options; the work is <see cref="WatchService"/>'s, hosted.</summary>
public static class WatchCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var target = new Argument<string>("target") { Description = "a spec file, or a folder of specs (default: specs)", DefaultValueFactory = _ => "specs" };
        var watch = new Command("watch", "rerun a spec (or any spec in a folder) whenever it is saved, reusing the trial cache; Ctrl+C stops")
            { target, shared.Results, shared.Cache, shared.Quiet };
        watch.SetAction((p, cancel) =>
        {
            string what = p.GetValue(target)!;
            if (!File.Exists(what) && !Directory.Exists(what))
                return Task.FromResult(context.Run(() => throw Fail.Spec(Mark.StartOf(what), $"nothing to watch at {what}", "name a spec file or a folder of specs")));
            var options = new WatchOptions(what, p.GetValue(shared.Results)!, p.GetValue(shared.Cache)!, TimeSpan.FromMilliseconds(300));
            return context.Hosted<RunCommand>(p, _ => WatchCommand.ExecuteAsync(cancel),
                services => services.AddSingleton(options).AddHostedService<WatchService>());
        });
        return watch;
    }
}
