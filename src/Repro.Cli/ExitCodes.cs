namespace Repro.Cli;

/// <summary>The process exit codes, documented in README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ClaimFailed = 1;
    public const int BadInput = 2;
    public const int RunFailed = 3;
}
