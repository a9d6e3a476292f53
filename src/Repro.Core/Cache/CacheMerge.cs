using System.Text.Json.Nodes;

namespace Repro.Core.Cache;

/// <summary>Two caches hold different bytes under one trial key: one machine computed something else from the same inputs.</summary>
/// <param name="Files">the tables whose SHA-256 differ (or that only one side has)</param>
public sealed record MergeFault(string Key, string Spec, string Source, string Target, JsonObject? SourceBy, JsonObject? TargetBy, IReadOnlyList<string> Files)
{
    public string Describe() =>
        $"reproducibility fault: trial {Key[..12]} of {Spec} has different {string.Join(", ", Files)} in {Source} (computed by {By(SourceBy)}) "
        + $"and in {Target} (computed by {By(TargetBy)}); the target's entry is kept. Run `repro doctor` on both machines to compare their numerics";

    static string By(JsonObject? by) => by is null ? "a repro that did not record its machine"
        : string.Join(", ", new[] { "host", "cpu", "cpu_capability", "toolkit_version", "libtorch_version", "os" }
            .Where(k => by[k] is JsonValue).Select(k => $"{k} {by[k]}"));
}

/// <param name="Copied">entries the target lacked, now in it</param>
/// <param name="Identical">entries the target already held with the same tables</param>
/// <param name="Problems">source entries not merged because they are damaged, and entries in the way in the target</param>
public sealed record MergeReport(int Copied, int Identical, IReadOnlyList<string> Problems, IReadOnlyList<MergeFault> Faults);

/// <summary>
/// `repro cache merge SRC... --cache DST`: the caches that came back from machines without a shared folder, into one.
/// Every source entry is verified before it is taken (a damaged one is reported and left out); an entry the target
/// already holds is compared table by table, and different bytes under one key are a reproducibility fault, never
/// an overwrite. Each entry lands whole or not at all, as a new one does.
/// </summary>
public static class CacheMerge
{
    public static MergeReport Merge(TrialCache target, IReadOnlyList<string> sources)
    {
        int copied = 0, identical = 0;
        var problems = new List<string>();
        var faults = new List<MergeFault>();
        foreach (var root in sources)
        {
            var source = new TrialCache(root);
            foreach (var group in source.All().GroupBy(e => e.Key, StringComparer.Ordinal))
            {
                // A key may sit in several locations (one stuck beside a good one): the first that verifies is the entry.
                var checks = group.Select(e => (e.Path, Check: TrialCache.Check(e.Path, e.Key))).ToList();
                if (checks.FirstOrDefault(c => c.Check.Metadata is not null) is not { Check.Metadata: { } metadata } found)
                {
                    problems.AddRange(checks.Select(c => $"{c.Path}: {c.Check.Problem ?? "damaged"}; not merged"));
                    continue;
                }
                if (target.Verified(group.Key) is { } held)
                {
                    var different = metadata.Files.Keys.Union(held.Metadata.Files.Keys).Order(StringComparer.Ordinal)
                        .Where(f => metadata.Files.GetValueOrDefault(f) != held.Metadata.Files.GetValueOrDefault(f)).ToList();
                    if (different.Count == 0) identical++;
                    else faults.Add(new MergeFault(group.Key, metadata.Spec, found.Path, held.Path, metadata.WrittenBy, held.Metadata.WrittenBy, different));
                    continue;
                }
                if (target.Adopt(group.Key, found.Check.Files!) is { } problem) problems.Add(problem);
                copied++;
            }
        }
        return new MergeReport(copied, identical, problems, faults);
    }
}
