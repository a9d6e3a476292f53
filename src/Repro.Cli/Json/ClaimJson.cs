using System.Text.Json.Nodes;
using Repro.Cli.Verification;
using Repro.Core.Claims;

namespace Repro.Cli.Json;

/// <summary>
/// One checked claim as the JSON of `run`, `verify` (schema/output/*.schema.json, `$defs/claim`): what the tables
/// show (the measured value and the bound, as numbers and as the table's text; the trials; the verdict; the YAML
/// position) and the claim's sentence in full.
/// </summary>
public static class ClaimJson
{
    /// <param name="o">the outcome</param>
    /// <param name="file">the spec's path as the command's table shows it</param>
    public static JsonObject Of(ClaimOutcome o, string file) => new()
    {
        ["id"] = o.Claim.Id,
        ["metric"] = o.Claim.Metric,
        // The claim's `where:` filters on the trials' config, as written.
        ["where"] = new JsonObject(o.Claim.Where.Select(w => KeyValuePair.Create(w.Key, (JsonNode?)w.Value))),
        ["at"] = o.Claim.At.ToString(),
        ["reduce"] = o.Claim.Reduce.ToString(),
        ["expect"] = o.Claim.TestText,
        // A trend (`monotone:`) has no bound; its measured value counts the steps against it.
        ["bound"] = o.Claim.Expect is { } expect ? JsonOutput.Number(expect.Bound) : null,
        ["measured"] = JsonOutput.Number(o.Measured),
        ["measured_text"] = VerifyTable.Measured(o),
        ["expected_text"] = VerifyTable.Expected(o),
        ["trials"] = o.Trials,
        ["diverged_trials"] = o.DivergedTrials,
        // A vote's count of trials (or of a measure's units) that hold, of how many; null for a statistic or a trend.
        ["holding"] = o.Holding,
        ["voters"] = o.Holding is null ? null : o.Voters,
        ["verdict"] = o.Passed ? "pass" : "fail",
        ["description"] = o.Describe(),
        ["position"] = JsonOutput.Position(file, o.Claim.Mark.Line, o.Claim.Mark.Column),
    };
}
