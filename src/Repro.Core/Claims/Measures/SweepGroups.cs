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

    /// <summary>Whether <paramref name="other"/> varies with <paramref name="path"/> or with a path swept <paramref name="along"/> with it.</summary>
    public static bool Inside(string other, string path, IReadOnlyList<string> along) => Inside(other, path) || along.Any(a => Inside(other, a));

    /// <summary>
    /// A canonical tree without what varies with <paramref name="path"/> and the paths the sweep links to it
    /// (<paramref name="along"/>: `optimizer.batch_size+optimizer.lr` varies the step size with the batch size):
    /// equal for exactly the trees that differ only there.
    /// </summary>
    public static string Without(JsonObject canonical, string path, IReadOnlyList<string>? along = null)
    {
        var copy = canonical.DeepClone().AsObject();
        foreach (var varied in (along ?? []).Prepend(path))
        {
            var segments = Varied(varied).Split('.');
            JsonNode? parent = copy;
            foreach (var segment in segments[..^1]) parent = (parent as JsonObject)?[segment];
            (parent as JsonObject)?.Remove(segments[^1]);
        }
        return Canonical.Compact(copy);
    }

    /// <summary>The trials grouped by everything but <paramref name="path"/> and its linked paths (the seed included), in plan order.</summary>
    public static IEnumerable<IGrouping<string, Trial>> DifferingOnlyIn(string path, IReadOnlyList<string> along, IEnumerable<Trial> trials) =>
        trials.GroupBy(t => Without(t.Canonical, path, along));

    /// <summary>A trial's values at the swept paths that do not vary with <paramref name="path"/> or its linked paths (null: every swept path).</summary>
    public static IReadOnlyList<KeyValuePair<string, JsonNode?>> Shared(Trial trial, IReadOnlyList<string> swept, string? path = null, IReadOnlyList<string>? along = null) =>
        [.. swept.Where(s => path is null || !Inside(s, path, along ?? [])).Select(s => KeyValuePair.Create(s, trial.Value(s)?.DeepClone()))];
}
