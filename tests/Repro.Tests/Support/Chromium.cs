namespace Repro.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's `chromium` package, which tools/test.sh installs when it is missing) for
/// tests that need a real browser (driven by <see cref="DevTools"/>).
/// </summary>
public static class Chromium
{
    public static string? Executable { get; } = Find();

    /// <summary>CI must run the browser tests: there a missing Chromium is a failure, never a skip.</summary>
    public static bool RequiredHere => Environment.GetEnvironmentVariable("CI") is { } ci
        && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    public const string Missing = "Chromium is not installed (no /usr/bin/chromium and no `chromium` on PATH). " +
        "tools/test.sh (`make test`, .ci/run) installs it with `apt-get install -y chromium`; run it as root or with sudo, " +
        "or install the package yourself";

    static string? Find()
    {
        const string debian = "/usr/bin/chromium";
        if (File.Exists(debian)) return debian;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>A fact that needs Chromium: skipped with the reason where it is missing, except in CI, where it runs and fails.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null && !Chromium.RequiredHere)
            Skip = Chromium.Missing + ". Skipped outside CI; with CI=true this test fails instead.";
    }
}
