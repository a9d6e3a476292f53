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
    public static JsonObject Published(ExperimentRun run, string file, int workers, string published, bool written, int exitCode, string cache) => new()
    {
        ["spec"] = run.Plan.Spec.Name,
        ["file"] = file,
        ["trials"] = run.Results.Count,
        ["trained"] = run.Trained.Trained,
        ["from_cache"] = run.Trained.FromCache,
        ["damaged_cache_entries"] = run.Trained.Damaged,
        ["workers"] = workers,
        ["shard"] = null,
        ["cache"] = cache,
        ["published"] = published,
        ["written"] = written,
        ["seconds"] = Math.Round(run.Elapsed.TotalSeconds, 3),
        ["passed"] = run.Artifacts.Claims.All(c => c.Passed),
        ["exit_code"] = exitCode,
        ["claims"] = new JsonArray([.. run.Artifacts.Claims.Select(c => (JsonNode)ClaimJson.Of(c, c.Claim.Mark.File))]),
    };

    /// <summary>`--shard K/N`: trained into the cache, nothing published, no claims checked.</summary>
    public static JsonObject Sharded(TrialPlan part, TrainedTrials trained, string file, Shard shard, string cache) => new()
    {
        ["spec"] = part.Spec.Name,
        ["file"] = file,
        ["trials"] = trained.Results.Count,
        ["trained"] = trained.Trained,
        ["from_cache"] = trained.FromCache,
        ["damaged_cache_entries"] = trained.Damaged,
        ["workers"] = 1,
        ["shard"] = shard.ToString(),
        ["cache"] = cache,
        ["published"] = null,
        ["written"] = false,
        ["passed"] = null,
        ["exit_code"] = ExitCodes.Ok,
        ["claims"] = new JsonArray(),
    };
}
