using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Repro.Tests.Support;

/// <summary>
/// The npm tools under tools/schema-check (ajv, yaml-language-server), run with Node.js the way an editor
/// runs them. Installed from the committed package-lock.json with `npm ci` when missing or stale, by
/// tools/test.sh or else by the first test that needs them.
/// </summary>
public static class NodeTools
{
    public static string Folder { get; } = Repo.Path("tools", "schema-check");

    public static string? Node { get; } = OnPath("node");
    public static string? Npm { get; } = OnPath("npm");

    /// <summary>CI must run these tests: there a missing Node.js is a failure, never a skip.</summary>
    public static bool RequiredHere => Environment.GetEnvironmentVariable("CI") is { } ci
        && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    public const string Missing = "Node.js or npm is not installed (no `node` or `npm` on PATH). " +
        "tools/test.sh (`make test`, .ci/run) installs Debian's nodejs and npm when missing; run it as root or with sudo, " +
        "or install Node.js yourself";

    static readonly Lazy<Task> Installed = new(InstallAsync);

    /// <summary>Runs `node SCRIPT ARGS...` in the repository root (installing the tools first) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunScript(string script, IEnumerable<string> args)
    {
        Assert.True(Node is not null && Npm is not null, Missing);
        await Installed.Value;
        return await Run(Node!, [Path.Combine(Folder, script), .. args], TimeSpan.FromMinutes(2));
    }

    static async Task InstallAsync()
    {
        if (UpToDate()) return;
        var (code, stdout, stderr) = await Run(Npm!, ["ci", "--no-audit", "--no-fund", "--prefix", Folder], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"`npm ci --prefix tools/schema-check` exited with {code}:\n{stdout}\n{stderr}");
        Assert.True(UpToDate(), "`npm ci --prefix tools/schema-check` left versions other than package-lock.json's");
    }

    /// <summary>Every package the lock file pins is installed at its version.</summary>
    static bool UpToDate()
    {
        var packages = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "package-lock.json")))!["packages"]!.AsObject();
        foreach (var (path, entry) in packages)
        {
            if (path.Length == 0 || entry!["optional"] is not null) continue; // the folder's own entry; platform-only packages
            string manifest = Path.Combine(Folder, path, "package.json");
            if (!File.Exists(manifest)) return false;
            if ((string?)JsonNode.Parse(File.ReadAllText(manifest))!["version"] != (string?)entry!["version"]) return false;
        }
        return true;
    }

    static async Task<(int, string, string)> Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(file)} {string.Join(' ', args)} did not finish within {timeout.TotalMinutes} minutes");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs Node.js and npm: skipped with the reason where they are missing, except in CI, where it runs and fails.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if ((NodeTools.Node is null || NodeTools.Npm is null) && !NodeTools.RequiredHere)
            Skip = NodeTools.Missing + ". Skipped outside CI; with CI=true this test fails instead.";
    }
}
