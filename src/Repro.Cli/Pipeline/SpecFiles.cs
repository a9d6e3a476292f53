using Repro.Core.Spec;

namespace Repro.Cli.Pipeline;

/// <summary>
/// Which spec files a command means: files as named, folders as the *.yaml files under them (specs/ holds the bundled
/// experiments and, in specs/papers/, the paper reproductions), nothing as specs/.
/// </summary>
public static class SpecFiles
{
    public const string DefaultFolder = "specs";

    public static IReadOnlyList<string> Expand(IReadOnlyList<string> arguments)
    {
        var files = new List<string>();
        foreach (string argument in arguments.Count == 0 ? [DefaultFolder] : arguments)
        {
            if (!Directory.Exists(argument))
            {
                files.Add(argument); // a missing file is reported by the loader, positioned like any spec error
                continue;
            }
            var found = Directory.GetFiles(argument, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            if (found.Count == 0)
                throw new SpecException(new SpecError(Mark.StartOf(argument), $"folder {argument} holds no *.yaml spec", "name a spec file, or a folder that holds specs"));
            files.AddRange(found);
        }
        return files;
    }

    /// <summary>The spec of the published folder <paramref name="name"/>: NAME.yaml in <paramref name="root"/> or a folder under it, or null.</summary>
    public static string? Named(string root, string name) =>
        File.Exists(Path.Combine(root, name + ".yaml")) ? Path.Combine(root, name + ".yaml")
        : Directory.Exists(root) ? Directory.GetFiles(root, name + ".yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault()
        : null;

    /// <summary>The path as CI annotations want it: relative to the working directory, with '/'.</summary>
    public static string Display(string file)
    {
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(file));
        return (relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(file) : relative).Replace('\\', '/');
    }
}
