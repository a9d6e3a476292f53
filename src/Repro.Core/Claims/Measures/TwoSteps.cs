using System.Text.Json.Nodes;
using Repro.Core.Claims.Contrasts;
using Repro.Core.Claims.Positions;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Claims.Measures;

/// <summary>
/// `compare: { step: [A, B] }` with `as:` — per trial, the claim's metric at step A against its value at step B, both
/// steps every selected trial records: "the loss drops by 0.1 between steps 1000 and 2000" is
/// `compare: { step: [2000, 1000] }, as: difference, expect: "&lt; -0.1"`.
/// </summary>
public sealed record TwoSteps(long A, long B, Contrast As) : Paired(As)
{
    public override IReadOnlyList<MeasuredUnit> Take(ClaimSpec claim, IReadOnlyList<Trial> selected,
        IReadOnlyDictionary<string, TrialResult> results, IReadOnlyList<string> swept) =>
        [.. selected.Select(t =>
        {
            double va = new AtStep(A).ValueOf(results[t.Key], claim.Metric), vb = new AtStep(B).ValueOf(results[t.Key], claim.Metric);
            return new MeasuredUnit(t.Seed, SweepGroups.Shared(t, swept), [(JsonValue.Create(A), va), (JsonValue.Create(B), vb)], As.Of(va, vb));
        })];

    public override string Count(int units) => units == 1 ? "1 trial" : $"{units} trials";

    public override bool ReadsAt => false;

    protected override JsonObject Compared => new JsonObject { [ClaimSpec.StepMetric] = new JsonArray(A, B) };

    protected override string Text => $"step {A} {As.Symbol} {B}";
}
