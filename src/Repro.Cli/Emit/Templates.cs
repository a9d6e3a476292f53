namespace Repro.Cli.Emit;

/// <summary>Every template `repro emit` writes: one line each.</summary>
public static class Templates
{
    public static readonly IReadOnlyList<ITemplate> All =
    [
        new SlurmTemplate(),
        new KubernetesTemplate(),
        new GitHubTemplate(),
    ];

    public static ITemplate? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
