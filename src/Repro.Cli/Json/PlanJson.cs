using System.Text.Json.Nodes;
using Repro.Core.Plan;
using static Repro.Cli.Commands.PlanCommand;

namespace Repro.Cli.Json;

/// <summary>`repro plan --json` (schema/output/plan.schema.json): every trial (full key, seed, swept values, cached or why not) and the counts.</summary>
public static class PlanJson
{
    public static JsonObject Of(TrialPlan plan, string file, string cache, IReadOnlyList<PlannedTrial> trials) => new()
    {
        ["spec"] = plan.Spec.Name,
        ["file"] = file,
        ["cache"] = cache,
        ["engine_version"] = plan.EngineVersion,
        ["swept"] = new JsonArray([.. plan.SweepColumns.Select(c => (JsonNode)c.Path)]),
        ["trials"] = new JsonArray([.. trials.Select(t => (JsonNode)new JsonObject
        {
            ["key"] = t.Trial.Key,
            ["seed"] = t.Trial.Seed,
            // The swept values as the spec's canonical form has them (numbers stay numbers; null where a point lacks the path).
            ["sweep"] = new JsonObject(plan.SweepColumns.Select(c => KeyValuePair.Create(c.Path, t.Trial.Value(c.Path)?.DeepClone()))),
            ["cached"] = t.Cached,
            ["reason"] = t.Reason,
            // For a trial the cache lacks: the cached trial of this spec that differs least, and what differs.
            ["nearest_cached"] = t.Nearest?.Nearest.Key,
            ["changes"] = t.Nearest is { } n ? new JsonArray([.. n.Changes.Select(c => (JsonNode)c)]) : null,
        })]),
        ["counts"] = new JsonObject
        {
            ["trials"] = trials.Count,
            ["cached"] = trials.Count(t => t.Cached),
            ["to_train"] = trials.Count(t => !t.Cached),
        },
    };
}
