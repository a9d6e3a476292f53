namespace Repro.Tests.Support;

/// <summary>Paths inside the repository checkout the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "repro.sln"))) return dir.FullName;
        throw new InvalidOperationException("repro.sln not found above " + AppContext.BaseDirectory);
    }
}
