using System.Diagnostics;

namespace Repro.Tests.Support;

/// <summary>libxml2's `xmllint` (Debian's libxml2-utils, which tools/test.sh installs when it is missing): an XML Schema validator that is not .NET's.</summary>
public static class Xmllint
{
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "xmllint"))
        .FirstOrDefault(File.Exists);

    /// <summary>CI must run the schema tests: there a missing xmllint is a failure, never a skip.</summary>
    public static bool RequiredHere => Environment.GetEnvironmentVariable("CI") is { } ci
        && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    public const string Missing = "xmllint is not installed (no `xmllint` on PATH). " +
        "tools/test.sh (`make test`, .ci/run) installs it with `apt-get install -y libxml2-utils`; run it as root or with sudo, " +
        "or install the package yourself";

    /// <summary>`xmllint --noout --schema XSD FILE`: its exit code and what it printed (it reports on stderr).</summary>
    public static (int ExitCode, string Output) Validate(string xsd, string file)
    {
        Assert.True(Executable is not null, Missing);
        using var process = Process.Start(new ProcessStartInfo(Executable, ["--noout", "--schema", xsd, file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "xmllint did not finish within a minute");
        return (process.ExitCode, stdout.Result + stderr);
    }
}

/// <summary>A fact that needs xmllint: skipped with the reason where it is missing, except in CI, where it runs and fails.</summary>
public sealed class XmllintFactAttribute : FactAttribute
{
    public XmllintFactAttribute()
    {
        if (Xmllint.Executable is null && !Xmllint.RequiredHere)
            Skip = Xmllint.Missing + ". Skipped outside CI; with CI=true this test fails instead.";
    }
}
