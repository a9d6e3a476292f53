using Repro.Cli;

namespace Repro.Tests.Support;

/// <summary>Runs the repro command line in-process and captures what it prints.</summary>
public static class ReproCli
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static Task<Outcome> Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    /// <summary>Runs with these environment variables instead of the process's (to play CI without touching it).</summary>
    /// <remarks>
    /// Commands that use the trial cache get a fresh, empty one unless the test names its own with `--cache`,
    /// so that a test trains what it means to train and never reads another test's results.
    /// </remarks>
    public static async Task<Outcome> RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        bool usesCache = args.Length > 0 && args[0] is "run" or "verify" or "plan";
        using var cache = usesCache && !args.Contains("--cache") ? new TempDir() : null;
        // One process: worker processes need the built repro.dll, which ReproProcess tests use.
        bool oneProcess = args.Length > 0 && args[0] == "run" && !args.Contains("--jobs");
        string[] extra = [.. args.Length > 0 && args[0] is "run" or "verify" ? new[] { "--quiet" } : [], .. cache is null ? [] : new[] { "--cache", cache.Path },
            .. oneProcess ? new[] { "--jobs", "1" } : []];
        int code = await ReproApp.RunAsync([.. args, .. extra], stdout, stderr, name => environment.GetValueOrDefault(name));
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }
}
