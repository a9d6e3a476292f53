namespace Repro.Tests.Support;

/// <summary>Paths inside the repository checkout the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The spec of a published folder: specs/NAME.yaml, or specs/papers/NAME.yaml for a paper reproduction.</summary>
    public static string Spec(string name) => Repro.Cli.Pipeline.SpecFiles.Named(Path("specs"), name)
        ?? throw new FileNotFoundException($"no spec {name}.yaml under specs/");

    /// <summary>Every bundled spec file: specs/*.yaml and the paper reproductions in specs/papers/, in ordinal order.</summary>
    public static IReadOnlyList<string> SpecFiles() =>
        [.. Directory.GetFiles(Path("specs"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>The names of every bundled spec (its file name without .yaml).</summary>
    public static IReadOnlyList<string> SpecNames() => [.. SpecFiles().Select(f => System.IO.Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    /// <summary>The paper reproductions (specs/papers/*.yaml), by name.</summary>
    public static IReadOnlyList<string> Papers() => Directory.Exists(Path("specs", "papers"))
        ? [.. Directory.GetFiles(Path("specs", "papers"), "*.yaml").Select(System.IO.Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!]
        : [];

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "repro.sln"))) return dir.FullName;
        throw new InvalidOperationException("repro.sln not found above " + AppContext.BaseDirectory);
    }
}
