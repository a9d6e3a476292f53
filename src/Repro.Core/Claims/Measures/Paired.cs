using System.Text.Json.Nodes;
using Repro.Core.Claims.Contrasts;
using Repro.Core.Spec;

namespace Repro.Core.Claims.Measures;

/// <summary>`compare:` — two values per unit, A's and B's, made one number by <see cref="As"/> (`as:`).</summary>
public abstract record Paired(Contrast As) : Measure
{
    /// <summary>`compare`'s value as written, canonical: `{ PATH: [A, B] }`.</summary>
    protected abstract JsonObject Compared { get; }

    public sealed override IEnumerable<KeyValuePair<string, JsonNode?>> Keys =>
        [KeyValuePair.Create("compare", (JsonNode?)Compared), KeyValuePair.Create("as", (JsonNode?)As.Name)];

    public sealed override string Show(MeasuredUnit unit) =>
        $"{Canonical.Number(unit.Values[0].Value)} {As.Symbol} {Canonical.Number(unit.Values[1].Value)} = {Canonical.Number(unit.Value)}";
}
