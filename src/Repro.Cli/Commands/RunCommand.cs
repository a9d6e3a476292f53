using Microsoft.Extensions.Logging;
using Repro.Cli.Output;
using Repro.Cli.Pipeline;
using Repro.Core.Artifacts;

namespace Repro.Cli.Commands;

/// <summary>`repro run SPEC`: train, publish results/&lt;name&gt;/ atomically, print the claims.</summary>
public sealed class RunCommand(ExperimentRunner runner, ConsoleOutput output, ILogger<RunCommand> log)
{
    public Task<int> ExecuteAsync(string specPath, string resultsRoot, CancellationToken cancel)
    {
        var run = runner.Run(specPath, cancel);
        var files = new SortedDictionary<string, byte[]>(run.Artifacts.Files.ToDictionary(), StringComparer.Ordinal)
        {
            [ArtifactSet.ProvenanceFile] = ArtifactSet.Json(Provenance.Describe(run)),
        };
        string folder = Publisher.Publish(resultsRoot, run.Plan.Spec.Name, files);
        log.LogInformation("published {Count} files to {Folder} in {Seconds:F1} s", files.Count, folder, run.Elapsed.TotalSeconds);
        ClaimsReport.Write(output.Writer, run.Plan.Spec, run.Artifacts.Claims);
        return Task.FromResult(run.Artifacts.Claims.All(c => c.Passed) ? ExitCodes.Ok : ExitCodes.ClaimFailed);
    }
}
