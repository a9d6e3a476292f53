using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Repro.Cli.Json;
using Repro.Cli.Output;
using Repro.Cli.Pipeline;
using Repro.Cli.Progress;
using Repro.Cli.Verification;
using Repro.Core;
using Repro.Core.Artifacts;
using Repro.Core.Cache;
using Repro.Core.Claims;
using Repro.Core.Derived;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Cli.Commands;

/// <param name="Specs">spec files or folders of specs; none means every spec under specs/</param>
/// <param name="ResultsRoot">where published results are looked for (results/&lt;name&gt;/)</param>
/// <param name="JUnit">where to write JUnit XML, if anywhere</param>
/// <param name="Retrain">train even where published results or the trial cache could be reused</param>
/// <param name="Cache">the trial cache folder</param>
/// <param name="JUnitAttributes">also put `file` and `line` attributes on the JUnit testcases (pytest's and GitLab's form)</param>
/// <param name="Json">print one JSON document (<see cref="VerifyJson"/>) instead of the table</param>
public sealed record VerifyOptions(IReadOnlyList<string> Specs, string ResultsRoot, string? JUnit, bool Retrain, string Cache = TrialCache.DefaultRoot,
    bool JUnitAttributes = false, bool Json = false);

/// <summary>
/// `repro verify [SPEC...]`: check every claim of every spec and print one table. A spec's published results
/// are reused when they belong to exactly its trials and verify against their SHA-256; otherwise it trains
/// (and publishes nothing). A spec that cannot be checked is reported as such and the others go on. The exit code
/// is the worst spec's (<see cref="SpecVerdict.Overall"/>); JUnit XML and GitHub annotations on request.
/// </summary>
public sealed class VerifyCommand(ExperimentRunner runner, ConsoleOutput output, ILogger<VerifyCommand> log)
{
    public Task<int> ExecuteAsync(VerifyOptions options, CancellationToken cancel)
    {
        foreach (var leftover in Publisher.RemoveLeftovers(options.ResultsRoot))
            log.LogWarning("removed {Folder}, left by a publish that was killed", leftover);
        var verdicts = SpecFiles.Expand(options.Specs).Select(file => Verify(file, options, cancel)).ToList();

        if (options.Json) JsonOutput.Write(output.Writer, VerifyJson.Of(verdicts));
        else VerifyTable.Write(output.Writer, verdicts);
        if (options.JUnit is { } junit)
        {
            Publisher.WriteFile(junit, JUnitReport.Bytes(JUnitReport.Build(verdicts, options.JUnitAttributes)));
            log.LogInformation("wrote JUnit XML to {File}", junit);
        }
        if (GitHubAnnotations.Enabled(output.Environment))
        {
            // Stdout holds only the document under --json; the runner reads workflow commands on stderr too.
            var annotations = options.Json ? output.Error : output.Writer;
            foreach (var line in GitHubAnnotations.For(verdicts)) annotations.WriteLine(line);
            if (output.Environment("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
                File.AppendAllText(summary, GitHubAnnotations.Summary(verdicts));
        }
        return Task.FromResult(SpecVerdict.Overall(verdicts));
    }

    /// <summary>
    /// One spec's verdict. Whatever stops this spec (bad input, a failed run, a damaged file, a bug) is its verdict,
    /// and the other specs are still checked; only Ctrl+C ends the whole verify.
    /// </summary>
    SpecVerdict Verify(string file, VerifyOptions options, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        string shown = SpecFiles.Display(file);
        string name = Path.GetFileNameWithoutExtension(file);
        try
        {
            var plan = ExperimentRunner.Plan(file);
            name = plan.Spec.Name;
            var (results, source, note) = Results(plan, options, cancel);
            return SpecVerdict.Checked(shown, name, ClaimChecker.Check(plan, DerivedValues.Complete(plan, results)), source, clock.Elapsed) with { Note = note };
        }
        catch (SpecException e)
        {
            return SpecVerdict.Invalid(shown, e.Errors);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            log.LogError("{Spec}: run failed: {Failure}", name, SpecVerdict.Describe(e));
            return SpecVerdict.RunFailed(shown, name, SpecVerdict.Describe(e), clock.Elapsed);
        }
    }

    /// <summary>
    /// The plan's trial results: from its published folder when it verifies and holds exactly its trials, else
    /// trained (with a note saying why, when a folder is there but failed its checks).
    /// </summary>
    (IReadOnlyList<TrialResult> Results, string Source, string? Note) Results(TrialPlan plan, VerifyOptions options, CancellationToken cancel)
    {
        var reuse = options.Retrain ? null : PublishedResults.TryLoad(plan, Path.Combine(options.ResultsRoot, plan.Spec.Name));
        if (reuse is { Usable: true })
        {
            log.LogInformation("{Spec}: {Reason} ({Trials} trials, no training)", plan.Spec.Name, reuse.Reason, plan.Trials.Count);
            return (reuse.Results!, reuse.Reason, null);
        }
        if (reuse is { Damaged: true }) log.LogWarning("{Spec}: training, because {Reason}", plan.Spec.Name, reuse.Reason);
        else if (reuse is not null) log.LogInformation("{Spec}: training, because {Reason}", plan.Spec.Name, reuse.Reason);
        runner.Announce(plan);
        var sink = new BoardSink(TimeProvider.System);
        TrainedTrials trained;
        using (ProgressDisplay.Start(sink, output.Terminal, plan.Spec.Name, log, TimeProvider.System))
            trained = runner.Train(plan, cancel, new TrialCache(options.Cache), options.Retrain, progress: sink);
        return (trained.Results, trained.Trained == 0 ? "trial cache" : "trained", reuse is { Damaged: true } ? reuse.Reason : null);
    }
}
