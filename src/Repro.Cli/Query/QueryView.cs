namespace Repro.Cli.Query;

/// <summary>One view `repro query` defines: its SQL name, and what it reads in words (for `--list`).</summary>
public sealed record QueryView(string Name, string Reads);
