using Repro.Core.Plan;
using Repro.Core.Spec;

namespace Repro.Core.Cache;

/// <summary>How a trial differs from the nearest cached one: the config values (and engine version) that changed.</summary>
public sealed record StaleReason(CachedTrial Nearest, IReadOnlyList<string> Changes)
{
    public override string ToString() => $"{string.Join("; ", Changes)} (nearest cached trial {Nearest.Key[..12]})";
}

/// <summary>Explains a cache miss: finds the cached trial of the same spec with the fewest differing values.</summary>
public static class TrialDiff
{
    public static StaleReason? Explain(Trial trial, int engineVersion, IEnumerable<CachedTrial> cached)
    {
        var mine = Leaves(trial.Canonical);
        StaleReason? best = null;
        foreach (var entry in cached)
        {
            var theirs = Leaves(entry.Config);
            var changes = mine.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal)
                .Where(path => mine.GetValueOrDefault(path) != theirs.GetValueOrDefault(path))
                .Select(path => $"{path}: {theirs.GetValueOrDefault(path) ?? "(absent)"} → {mine.GetValueOrDefault(path) ?? "(absent)"}")
                .ToList();
            if (entry.EngineVersion != engineVersion) changes.Insert(0, $"engine version: {entry.EngineVersion} → {engineVersion}");
            if (best is null || changes.Count < best.Changes.Count) best = new StaleReason(entry, changes);
        }
        return best;
    }

    static Dictionary<string, string> Leaves(System.Text.Json.Nodes.JsonObject config) =>
        Canonical.Leaves(config).ToDictionary(l => l.Path, l => Canonical.Text(l.Value), StringComparer.Ordinal);
}
