using System.Text.Json.Nodes;
using Repro.Core.Spec;

namespace Repro.Core.Claims.Measures;

/// <summary>
/// One value a <see cref="Measure"/> hands the claim's reduce, with what it was made of, so that a reader of
/// claims.json can redo it: the claim's value at each compared point (a value of the compared path, or a step).
/// </summary>
/// <param name="Seed">The seed of its trials.</param>
/// <param name="Point">The swept values its trials share, the compared path aside: which unit it is.</param>
/// <param name="Values">(compared point, the claim's value there), in the order the form reads them; NaN where there is none.</param>
/// <param name="Value">What the form made of them; NaN where it has none (a diverged trial, a missing step).</param>
public sealed record MeasuredUnit(long Seed, IReadOnlyList<KeyValuePair<string, JsonNode?>> Point,
    IReadOnlyList<(JsonNode At, double Value)> Values, double Value)
{
    /// <summary>`init.scale 0.1, seed 0`: which unit, in messages.</summary>
    public string Label => string.Join(", ", Point.Select(p => $"{p.Key} {Canonical.Text(p.Value)}").Append($"seed {Seed}"));

    /// <summary>The unit as claims.json carries it (JSON has no NaN: a missing value is null).</summary>
    public JsonObject ToJson() => new()
    {
        ["seed"] = Seed,
        ["point"] = new JsonObject(Point.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
        ["values"] = new JsonArray([.. Values.Select(v => (JsonNode)new JsonArray(v.At.DeepClone(), Json(v.Value)))]),
        ["measured"] = Json(Value),
    };

    static JsonNode? Json(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
