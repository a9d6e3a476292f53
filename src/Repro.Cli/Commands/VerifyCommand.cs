using Repro.Cli.Output;
using Repro.Cli.Pipeline;

namespace Repro.Cli.Commands;

/// <summary>`repro verify SPEC`: train and check the claims; writes nothing; exit 1 when a claim fails.</summary>
public sealed class VerifyCommand(ExperimentRunner runner, ConsoleOutput output)
{
    public Task<int> ExecuteAsync(string specPath, CancellationToken cancel)
    {
        var run = runner.Run(specPath, cancel);
        ClaimsReport.Write(output.Writer, run.Plan.Spec, run.Artifacts.Claims);
        return Task.FromResult(run.Artifacts.Claims.All(c => c.Passed) ? ExitCodes.Ok : ExitCodes.ClaimFailed);
    }
}
