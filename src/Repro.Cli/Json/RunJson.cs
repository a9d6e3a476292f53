using System.Text.Json.Nodes;
using Repro.Cli.Pipeline;
using Repro.Core.Plan;

namespace Repro.Cli.Json;

/// <summary>`repro run --json` (schema/output/run.schema.json): what the run printed, as one document.</summary>
public static class RunJson
{
    /// <param name="run">the run, with its trained counts (the workers' included)</param>
    /// <param name="file">the spec file as given</param>
    /// <param name="workers">worker processes that trained (1: this process)</param>
    /// <param name="published">the folder published to</param>
    /// <param name="written">false when the folder already held exactly these bytes</param>
    /// <param name="exitCode">the command's exit code</param>
    /// <param name="cache">the trial cache folder</param>
    /// <param name="launcher">the launcher's name</param>
    /// <param name="here">trials this process trained itself</param>
    public static JsonObject Published(ExperimentRun run, string file, int workers, string published, bool written, int exitCode, string cache,
        string launcher, int here)
    {
        var document = Document(run.Plan.Spec.Name, file, run.Results.Count, run.Trained, workers, null, cache, published, written,
            run.Artifacts.Claims.All(c => c.Passed), exitCode, [.. run.Artifacts.Claims.Select(c => (JsonNode)ClaimJson.Of(c, c.Claim.Mark.File))],
            launcher, here, null);
        // After "written", where the schema lists it; a shard has no run clock.
        document.Insert(document.IndexOf("passed"), "seconds", Math.Round(run.Elapsed.TotalSeconds, 3));
        return document;
    }

    /// <summary>`--shard K/N`: trained into the cache, nothing published, no claims checked.</summary>
    public static JsonObject Sharded(TrialPlan part, TrainedTrials trained, string file, Shard shard, string cache) =>
        Document(part.Spec.Name, file, trained.Results.Count, trained, 1, shard.ToString(), cache, null, false, null, ExitCodes.Ok, [], null, trained.Trained, null);

    /// <summary>`--no-wait`: the job is submitted, nothing is trained here yet, published or checked.</summary>
    public static JsonObject Submitted(TrialPlan plan, string file, string cache, string launcher, string job, int tasks) =>
        Document(plan.Spec.Name, file, plan.Trials.Count, new TrainedTrials([], 0, 0, 0), tasks, null, cache, null, false, null, ExitCodes.Ok, [], launcher, 0, job);

    static JsonObject Document(string spec, string file, int trials, TrainedTrials trained, int workers, string? shard, string cache,
        string? published, bool written, bool? passed, int exitCode, JsonNode[] claims, string? launcher, int here, string? job) => new()
    {
        ["spec"] = spec,
        ["file"] = file,
        ["trials"] = trials,
        ["trained"] = trained.Trained,
        ["from_cache"] = trained.FromCache,
        ["damaged_cache_entries"] = trained.Damaged,
        ["trained_here"] = here,
        ["workers"] = workers,
        ["launcher"] = launcher,
        ["job"] = job,
        ["shard"] = shard,
        ["cache"] = cache,
        ["published"] = published,
        ["written"] = written,
        ["passed"] = passed,
        ["exit_code"] = exitCode,
        ["claims"] = new JsonArray(claims),
    };
}
