using Microsoft.Extensions.Logging;
using Repro.Cli.Output;
using Repro.Cli.Pipeline;
using Repro.Core.Artifacts;
using Repro.Core.Cache;

namespace Repro.Cli.Commands;

/// <param name="Spec">the spec file</param>
/// <param name="ResultsRoot">where results/&lt;name&gt;/ is published</param>
/// <param name="Cache">the trial cache folder</param>
/// <param name="Force">train every trial even where the cache holds it</param>
/// <param name="Overrides">`--set PATH=VALUE` overrides</param>
public sealed record RunOptions(string Spec, string ResultsRoot, string Cache, bool Force, IReadOnlyList<string> Overrides);

/// <summary>`repro run SPEC`: train what the cache lacks, publish results/&lt;name&gt;/ atomically, print the claims.</summary>
public sealed class RunCommand(ExperimentRunner runner, ConsoleOutput output, ILogger<RunCommand> log)
{
    public Task<int> ExecuteAsync(RunOptions options, CancellationToken cancel)
    {
        var run = runner.Run(options.Spec, options.ResultsRoot, cancel, new TrialCache(options.Cache), options.Force, options.Overrides);
        var files = new SortedDictionary<string, byte[]>(run.Artifacts.Files.ToDictionary(), StringComparer.Ordinal)
        {
            [ArtifactSet.ProvenanceFile] = ArtifactSet.Json(Provenance.Volatile(run)),
        };
        string folder = Publisher.Publish(options.ResultsRoot, run.Plan.Spec.Name, files);
        log.LogInformation("published {Count} files to {Folder} in {Seconds:F1} s", files.Count, folder, run.Elapsed.TotalSeconds);
        output.Writer.WriteLine(run.Trained.Describe(run.Plan.Spec.Name));
        ClaimsReport.Write(output.Writer, run.Plan.Spec, run.Artifacts.Claims);
        return Task.FromResult(run.Artifacts.Claims.All(c => c.Passed) ? ExitCodes.Ok : ExitCodes.ClaimFailed);
    }
}
