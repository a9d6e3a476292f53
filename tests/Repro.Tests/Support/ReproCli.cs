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
    public static async Task<Outcome> RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await ReproApp.RunAsync([.. args, .. args.Length > 0 && args[0] is "run" or "verify" ? new[] { "--quiet" } : []], stdout, stderr,
            name => environment.GetValueOrDefault(name));
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }
}
