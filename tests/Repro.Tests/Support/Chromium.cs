using System.Diagnostics;

namespace Repro.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's `chromium` package, which tools/test.sh installs when it is missing) for
/// tests that need a real browser.
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

    /// <summary>Loads <paramref name="file"/>, lets its scripts run, and returns the DOM as Chromium serializes it.</summary>
    public static async Task<string> DumpDom(string file)
    {
        Assert.True(Executable is not null, Missing);
        using var profile = new TempDir();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --no-sandbox: tests run as root in containers. A private profile keeps parallel runs apart.
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "--virtual-time-budget=10000",
                     $"--user-data-dir={profile.Path}", new Uri(file).AbsoluteUri })
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish within 2 minutes on {file}");
        }
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

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
