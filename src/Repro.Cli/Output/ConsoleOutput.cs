namespace Repro.Cli.Output;

/// <summary>
/// Where results go (stdout) and where problems a long-running command survives go (stderr; logs go there too,
/// through Serilog), and the environment the process sees (injected so tests can play CI without changing the real one).
/// </summary>
public sealed record ConsoleOutput(TextWriter Writer, Func<string, string?> Environment, TextWriter? Errors = null)
{
    public TextWriter Error => Errors ?? TextWriter.Null;
}
