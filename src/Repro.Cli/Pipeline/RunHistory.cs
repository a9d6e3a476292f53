using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Core.History;

namespace Repro.Cli.Pipeline;

/// <summary>What a publish adds to the run history (<see cref="Ledger"/>): the facts `repro history` lists.</summary>
public static class RunHistory
{
    /// <param name="written">whether the folder was written (false: it already held these bytes; still a publish)</param>
    public static LedgerEntry Record(Ledger ledger, ExperimentRun run, string specFile, IReadOnlyDictionary<string, byte[]> files, bool written)
    {
        var manifest = JsonNode.Parse(files[ArtifactSet.ManifestFile])!.AsObject();
        var git = manifest[ArtifactSet.ProvenanceKey]?["git"] as JsonObject;
        int passed = run.Artifacts.Claims.Count(c => c.Passed);
        var entry = new LedgerEntry(0, DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            run.Plan.Spec.Name, specFile, run.Plan.Spec.Hash, manifest[ArtifactSet.ContentKey]!.GetValue<string>(),
            git?["commit"]?.GetValue<string>(), git?["dirty"]?.GetValue<bool>(),
            run.Trained.Trained, run.Trained.FromCache, passed, run.Artifacts.Claims.Count - passed, written, []);
        return ledger.Append(entry, files);
    }
}
