using System.Text.Json.Nodes;
using Repro.Core.Plan;
using Repro.Core.Spec;

namespace Repro.Core.Claims.Measures;

/// <summary>
/// Trials (or sweep points) that differ only in one swept path: what `compare:` pairs and `scaling:` fits. The
/// claim checker groups trials with it and the binder sweep points, so that what bind checks is what is checked.
/// </summary>
public static class SweepGroups
{
    /// <summary>
    /// What varies with <paramref name="path"/>: the path itself, or for a `kind` its whole component, because a
    /// kind brings its own parameters (`init.kind: [zeros, normal]` pairs a zero start with a normal one of any scale).
    /// </summary>
    public static string Varied(string path) => path.EndsWith(".kind", StringComparison.Ordinal) ? path[..^".kind".Length] : path;

    /// <summary>Whether <paramref name="other"/> is <paramref name="path"/>'s varied node or lies inside it.</summary>
    public static bool Inside(string other, string path) =>
        other == Varied(path) || other.StartsWith(Varied(path) + ".", StringComparison.Ordinal);

    /// <summary>A canonical tree without what varies with <paramref name="path"/>: equal for exactly the trees that differ only there.</summary>
    public static string Without(JsonObject canonical, string path)
    {
        var copy = canonical.DeepClone().AsObject();
        var segments = Varied(path).Split('.');
        JsonNode? parent = copy;
        foreach (var segment in segments[..^1]) parent = (parent as JsonObject)?[segment];
        (parent as JsonObject)?.Remove(segments[^1]);
        return Canonical.Compact(copy);
    }

    /// <summary>The trials grouped by everything but <paramref name="path"/> (the seed included), in plan order.</summary>
    public static IEnumerable<IGrouping<string, Trial>> DifferingOnlyIn(string path, IEnumerable<Trial> trials) =>
        trials.GroupBy(t => Without(t.Canonical, path));

    /// <summary>A trial's values at the swept paths that do not vary with <paramref name="path"/> (null: every swept path).</summary>
    public static IReadOnlyList<KeyValuePair<string, JsonNode?>> Shared(Trial trial, IReadOnlyList<string> swept, string? path = null) =>
        [.. swept.Where(s => path is null || !Inside(s, path)).Select(s => KeyValuePair.Create(s, trial.Value(s)?.DeepClone()))];
}
