namespace Repro.Cli.Output;

/// <summary>Where results go (stdout); logs go to stderr through Serilog.</summary>
public sealed record ConsoleOutput(TextWriter Writer);
