using Repro.Core.Spec;

namespace Repro.Cli.Pipeline;

/// <summary>Which spec files a command means: files as named, folders as their *.yaml files, nothing as specs/.</summary>
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
            var found = Directory.GetFiles(argument, "*.yaml").Order(StringComparer.Ordinal).ToList();
            if (found.Count == 0)
                throw new SpecException(new SpecError(Mark.StartOf(argument), $"folder {argument} holds no *.yaml spec", "name a spec file, or a folder that holds specs"));
            files.AddRange(found);
        }
        return files;
    }

    /// <summary>The path as CI annotations want it: relative to the working directory, with '/'.</summary>
    public static string Display(string file)
    {
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(file));
        return (relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(file) : relative).Replace('\\', '/');
    }
}
