using System.Text.Json.Nodes;
using Repro.Core.Spec;

namespace Repro.Core.Plan;

/// <summary>
/// One unit of work: a sweep point and a seed. <see cref="Key"/> is SHA-256 of the canonical trial
/// (config, seed, engine version): the same on every machine, so shards and caches merge by key.
/// </summary>
public sealed record Trial(int Index, string Key, long Seed, TrialConfig Config, JsonObject Canonical)
{
    /// <summary>The canonical value at a dotted path, with "seed" naming the seed.</summary>
    public JsonNode? Value(string path) => path == "seed" ? JsonValue.Create(Seed) : Spec.Canonical.At(Canonical, path);

    /// <summary>True when every `where:` pair matches this trial's value at its path.</summary>
    public bool Satisfies(IReadOnlyList<KeyValuePair<string, string>> where) =>
        where.All(w => Spec.SpecBinder.Matches(Value(w.Key), w.Value));
}

/// <summary>A swept dimension as it appears in results: the dotted path and its column name.</summary>
public sealed record SweepColumn(string Path, string Column);

public sealed record TrialPlan(ResolvedSpec Spec, int EngineVersion, IReadOnlyList<Trial> Trials, IReadOnlyList<SweepColumn> SweepColumns);
