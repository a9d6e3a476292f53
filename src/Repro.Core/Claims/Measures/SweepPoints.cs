using System.Text.Json.Nodes;
using Repro.Core.Claims.Contrasts;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Claims.Measures;

/// <summary>
/// `compare: { PATH: [A, B] }` with `as:` — per pair of trials that differ only in a swept path (one seed, every other
/// swept value alike), the claim's value at PATH = A against its value at PATH = B: "at depth 3 the distance is under
/// half that at depth 2, in every seed" is `compare: { model.depth: [3, 2] }, as: ratio, expect: "&lt; 0.5"`.
/// </summary>
public sealed record SweepPoints(string Path, JsonNode A, JsonNode B, Contrast As) : Paired(As)
{
    /// <summary>The swept paths linked to <see cref="Path"/>, which differ between the two sides of a pair with it.</summary>
    public IReadOnlyList<string> Along { get; init; } = [];

    public override IReadOnlyList<MeasuredUnit> Take(ClaimSpec claim, IReadOnlyList<Trial> selected,
        IReadOnlyDictionary<string, TrialResult> results, IReadOnlyList<string> swept)
    {
        var units = new List<MeasuredUnit>();
        foreach (var group in SweepGroups.DifferingOnlyIn(Path, Along, selected))
        {
            var a = group.FirstOrDefault(t => JsonNode.DeepEquals(t.Value(Path), A));
            var b = group.FirstOrDefault(t => JsonNode.DeepEquals(t.Value(Path), B));
            if (a is null && b is null) continue; // another value of the path: not compared
            // A missing partner has no value, so the pair fails the claim rather than leaving it (bind rules it out).
            double Value(Trial? t) => t is null ? double.NaN : claim.At.ValueOf(results[t.Key], claim.Metric);
            double va = Value(a), vb = Value(b);
            units.Add(new MeasuredUnit(group.First().Seed, SweepGroups.Shared(group.First(), swept, Path, Along), [(A, va), (B, vb)], As.Of(va, vb)));
        }
        return units;
    }

    public override string Count(int units) => units == 1 ? "1 pair" : $"{units} pairs";

    protected override JsonObject Compared => new JsonObject { [Path] = new JsonArray(A.DeepClone(), B.DeepClone()) };

    protected override string Text => $"{Path} {Canonical.Text(A)} {As.Symbol} {Canonical.Text(B)}";
}
