using System.Text.Json.Nodes;
using Repro.Core.Diff;

namespace Repro.Cli.Json;

/// <summary>`repro diff --json`: everything the table shows, as schema/output/diff.schema.json describes it.</summary>
public static class DiffJson
{
    public static JsonObject Document(ResultDiff diff) => new()
    {
        ["a"] = Side(diff.A),
        ["b"] = Side(diff.B),
        ["tolerance"] = new JsonObject { ["abs"] = diff.Tolerance.Abs, ["rel"] = diff.Tolerance.Rel, ["ulp"] = diff.Tolerance.Ulp },
        ["identical"] = diff.Identical,
        ["within_tolerance"] = diff.WithinTolerance,
        ["trials"] = new JsonObject
        {
            ["unchanged"] = diff.Matched.Count(p => !p.KeyChanged),
            ["config_changed"] = new JsonArray([.. diff.ConfigChanged.Select(p => (JsonNode)new JsonObject
            {
                ["seed"] = p.B.Seed,
                ["a_key"] = p.A.Key,
                ["b_key"] = p.B.Key,
                ["leaves"] = new JsonArray([.. p.Leaves.Select(l => (JsonNode)new JsonObject { ["leaf"] = l.Leaf, ["a"] = l.A, ["b"] = l.B })]),
            })]),
            ["added"] = Trials(diff.Added),
            ["removed"] = Trials(diff.Removed),
        },
        ["claims"] = new JsonArray([.. diff.Claims.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id,
            ["a_passed"] = c.PassedA,
            ["b_passed"] = c.PassedB,
            ["a_measured"] = Finite(c.MeasuredA),
            ["b_measured"] = Finite(c.MeasuredB),
            ["verdict_changed"] = c.VerdictChanged,
        })]),
        ["metrics"] = new JsonArray([.. diff.Metrics.Select(m => (JsonNode)new JsonObject
        {
            ["table"] = m.Table,
            ["metric"] = m.Metric,
            ["compared"] = m.Compared,
            ["differing"] = m.Differing,
            ["beyond_tolerance"] = m.BeyondTolerance,
            ["only_in_a"] = m.OnlyInA,
            ["only_in_b"] = m.OnlyInB,
            // JSON has no infinity: null is "infinitely far" (a NaN or a missing value against a number).
            ["max_abs"] = Finite(m.MaxAbs),
            ["max_rel"] = Finite(m.MaxRel),
            ["max_ulp"] = Finite(m.MaxUlp),
        })]),
        ["files"] = new JsonArray([.. diff.Files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["change"] = f.Change })]),
    };

    static JsonObject Side(PublishedSide s) => new()
    {
        ["label"] = s.Label,
        ["spec"] = s.Spec,
        ["content_sha256"] = s.ContentSha256,
        ["trials"] = s.Trials.Count,
        ["full_configs"] = s.FullConfigs,
    };

    static JsonArray Trials(IEnumerable<PublishedTrial> trials) => new([.. trials.Select(t => (JsonNode)new JsonObject
    {
        ["key"] = t.Key,
        ["seed"] = t.Seed,
        ["config"] = new JsonObject(t.Config.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
    })]);

    static JsonNode? Finite(double? v) => v is { } x ? JsonOutput.Number(x) : null;
}
