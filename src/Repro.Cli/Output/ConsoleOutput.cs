namespace Repro.Cli.Output;

/// <summary>
/// Where results go (stdout; logs go to stderr through Serilog), and the environment the process sees
/// (injected so tests can play CI without changing the real one).
/// </summary>
public sealed record ConsoleOutput(TextWriter Writer, Func<string, string?> Environment);
