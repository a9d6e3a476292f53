using Microsoft.Extensions.DependencyInjection;
using Repro.Cli.Launchers.Slurm;

namespace Repro.Cli.Launchers;

/// <summary>Every launcher `repro run --launcher` knows: one line each.</summary>
public static class Launchers
{
    public const string Default = LocalLauncher.Id;

    static readonly (string Name, Type Type)[] All =
    [
        (LocalLauncher.Id, typeof(LocalLauncher)),
        (InProcessLauncher.Id, typeof(InProcessLauncher)),
        (SlurmLauncher.Id, typeof(SlurmLauncher)),
    ];

    public static IEnumerable<string> Names => All.Select(l => l.Name);

    public static void Register(IServiceCollection services)
    {
        foreach (var (_, type) in All) services.AddSingleton(type);
    }

    /// <summary>The launcher of this name (the command line has checked that it is one).</summary>
    public static ILauncher Resolve(IServiceProvider services, string name) =>
        (ILauncher)services.GetRequiredService(All.Single(l => l.Name == name).Type);
}
