using System.Text.Json.Nodes;
using Repro.Cli.Verification;

namespace Repro.Cli.Json;

/// <summary>
/// `repro verify --json` (schema/output/verify.schema.json): each spec's verdict with its claims, or the errors or
/// run failure that stopped it, then the totals the table's last line gives.
/// </summary>
public static class VerifyJson
{
    public static JsonObject Of(IReadOnlyList<SpecVerdict> verdicts) => new()
    {
        ["specs"] = new JsonArray([.. verdicts.Select(v => (JsonNode)Spec(v))]),
        ["totals"] = new JsonObject
        {
            ["specs"] = verdicts.Count,
            ["claims"] = verdicts.Sum(v => v.Claims.Count),
            ["passed"] = verdicts.Sum(v => v.Claims.Count - v.Failed),
            ["failed"] = verdicts.Sum(v => v.Failed),
            ["not_checked"] = verdicts.Count(v => v.Errors.Count > 0 || v.Failure is not null),
            ["from_published"] = verdicts.Count(v => v.Source.StartsWith("reused", StringComparison.Ordinal)),
            ["from_cache"] = verdicts.Count(v => v.Source == "trial cache"),
            ["trained"] = verdicts.Count(v => v.Source == "trained"),
        },
        ["exit_code"] = SpecVerdict.Overall(verdicts),
    };

    static JsonObject Spec(SpecVerdict v) => new()
    {
        ["name"] = v.Name,
        ["file"] = v.File,
        ["verdict"] = v.ExitCode switch { ExitCodes.Ok => "pass", ExitCodes.ClaimFailed => "fail", _ => "error" },
        ["exit_code"] = v.ExitCode,
        ["source"] = v.Source,
        ["note"] = v.Note,
        ["seconds"] = Math.Round(v.Elapsed.TotalSeconds, 3),
        ["claims"] = new JsonArray([.. v.Claims.Select(c => (JsonNode)ClaimJson.Of(c, v.File))]),
        ["errors"] = new JsonArray([.. v.Errors.Select(e => (JsonNode)new JsonObject
        {
            ["position"] = JsonOutput.Position(e.Where.File, e.Where.Line, e.Where.Column),
            ["problem"] = e.Problem,
            ["fix"] = e.Fix,
            ["message"] = e.ToString(),
        })]),
        ["failure"] = v.Failure,
    };
}
