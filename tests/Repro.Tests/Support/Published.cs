using Repro.Core.Artifacts;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;

namespace Repro.Tests.Support;

/// <summary>
/// The published specs, and their trial results read back from results/NAME/ (no training), optionally under
/// an edited spec text whose trials are the same (e.g. with a figure added).
/// </summary>
public static class Published
{
    public static IEnumerable<string> Names() => Directory.GetDirectories(Repo.Path("results"))
        .Where(dir => File.Exists(Path.Combine(dir, ArtifactSet.ManifestFile)))
        .Select(dir => Path.GetFileName(dir))
        .Order(StringComparer.Ordinal);

    public static (TrialPlan Plan, IReadOnlyList<TrialResult> Results) Load(string name, string? specYaml = null)
    {
        var spec = specYaml is null
            ? SpecBinder.Load(Repo.Path("specs", name + ".yaml"), Registries.Catalog)
            : SpecBinder.Parse(specYaml, name + ".yaml", Registries.Catalog);
        var plan = Planner.Plan(spec, EngineInfo.Version);
        var reuse = PublishedResults.TryLoad(plan, Repo.Path("results", name));
        Assert.True(reuse.Usable, reuse.Reason);
        return (plan, reuse.Results!);
    }
}
