namespace Repro.Cli.Output;

/// <summary>
/// Where results go (stdout) and where problems a long-running command survives go (stderr; logs go there too,
/// through Serilog), and the environment the process sees (injected so tests can play CI without changing the real one).
/// </summary>
/// <param name="Terminal">stderr's terminal, where the user watches one (the live progress bar); null for a pipe, a log, a test</param>
public sealed record ConsoleOutput(TextWriter Writer, Func<string, string?> Environment, TextWriter? Errors = null, Progress.Terminal? Terminal = null)
{
    public TextWriter Error => Errors ?? TextWriter.Null;
}
