using Repro.Core;
using Repro.Core.Artifacts;
using Repro.Core.Cache;
using Repro.Core.History;

namespace Repro.Cli.Commands;

/// <summary>`repro cache merge|verify|gc` (see <see cref="CacheMerge"/> and <see cref="CacheHealth"/>).</summary>
public static class CacheCommand
{
    public static int Merge(IReadOnlyList<string> sources, string cache, TextWriter output)
    {
        string target = Path.GetFullPath(cache);
        foreach (var source in sources)
        {
            if (!Directory.Exists(source)) throw Fail.Usage($"{source} is not a folder", "name the cache folders that came back from the other machines");
            if (Path.GetFullPath(source) == target) throw Fail.Usage($"{source} is the target cache itself", "pass the target with --cache and only the others as sources");
        }
        var report = CacheMerge.Merge(new TrialCache(cache), sources);
        foreach (var problem in report.Problems) output.WriteLine($"warning: {problem}");
        foreach (var fault in report.Faults) output.WriteLine(fault.Describe());
        output.WriteLine($"merged {sources.Count} cache{(sources.Count == 1 ? "" : "s")} into {cache}: {report.Copied} entries copied, {report.Identical} already there with the same bytes"
            + (report.Faults.Count > 0 ? $", {report.Faults.Count} reproducibility fault{(report.Faults.Count == 1 ? "" : "s")}" : "")
            + (report.Problems.Count > 0 ? $", {report.Problems.Count} not merged" : ""));
        return report.Faults.Count > 0 ? ExitCodes.ClaimFailed : ExitCodes.Ok;
    }

    public static int Verify(string cache, TextWriter output)
    {
        var checks = CacheHealth.Verify(new TrialCache(cache));
        var damaged = checks.Where(c => c.Problem is not null).ToList();
        foreach (var c in damaged) output.WriteLine($"damaged: {c.Path}: {c.Problem}");
        output.WriteLine(damaged.Count == 0
            ? $"{cache}: all {checks.Count} entries verify"
            : $"{cache}: {damaged.Count} of {checks.Count} entries damaged (a run recomputes them; `repro cache gc` removes them)");
        return damaged.Count == 0 ? ExitCodes.Ok : ExitCodes.ClaimFailed;
    }

    public static int Gc(string cache, string results, bool keepPublished, bool dryRun, TextWriter output)
    {
        var keep = keepPublished ? Referenced(results, cache) : null;
        var report = CacheHealth.Collect(new TrialCache(cache), keep, dryRun);
        string verb = dryRun ? "would remove" : "removed";
        foreach (var c in report.Damaged) output.WriteLine($"{verb} {c.Path}: {c.Problem}");
        foreach (var c in report.Unreferenced) output.WriteLine($"{verb} {c.Path}: no published result or ledger entry refers to it");
        foreach (var p in report.Problems) output.WriteLine($"warning: could not remove {p}");
        output.WriteLine($"{cache}: {verb} {report.Damaged.Count} damaged and {report.Unreferenced.Count} unreferenced entries; kept {report.Kept}"
            + (keep is null ? " (pass --keep-published to remove entries nothing refers to)" : ""));
        return report.Problems.Count > 0 ? ExitCodes.RunFailed : ExitCodes.Ok;
    }

    /// <summary>
    /// The trial keys a published result or a history entry needs, from its manifest: a published folder checked whole
    /// (<see cref="PublishedFolder.Check"/>), a history entry's manifest as the ledger keeps it (checked against its
    /// SHA-256 there). Anything unreadable stops gc before it removes a thing: a result it cannot read might need any entry.
    /// </summary>
    static HashSet<string> Referenced(string results, string cache)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(results))
            foreach (var (dir, _) in PublishedFolders.Under(results))
            {
                var check = PublishedFolder.Check(dir);
                if (check.Folder is not { } folder)
                    throw new RunException($"{dir} cannot be read ({check.Reason}): gc removes nothing while it cannot tell which trials a published result needs; republish it with `repro run`");
                keys.UnionWith(folder.TrialKeys);
            }
        var ledger = new Ledger(cache);
        foreach (var entry in ledger.Read())
        {
            var manifest = ledger.Files(entry).GetValueOrDefault(ArtifactSet.ManifestFile)
                ?? throw new RunException($"history entry @{entry.Index} in {ledger.Path} has no {ArtifactSet.ManifestFile}: gc removes nothing while it cannot tell which trials it needs");
            try
            {
                keys.UnionWith(PublishedFolder.TrialKeys(manifest));
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
            {
                throw new RunException($"history entry @{entry.Index}'s {ArtifactSet.ManifestFile} cannot be read ({e.Message}): gc removes nothing while it cannot tell which trials it needs");
            }
        }
        return keys;
    }
}
