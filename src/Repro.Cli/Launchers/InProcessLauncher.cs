namespace Repro.Cli.Launchers;

/// <summary>`--launcher inprocess`: nothing trains ahead; the publish trains every missing trial itself, on one thread.</summary>
public sealed class InProcessLauncher : ILauncher
{
    public const string Id = "inprocess";

    public string Name => Id;

    public LaunchOutcome Train(LaunchRequest request, CancellationToken cancel) => LaunchOutcome.InThisProcess;
}
