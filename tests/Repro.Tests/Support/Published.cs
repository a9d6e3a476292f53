using Repro.Core.Artifacts;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;

namespace Repro.Tests.Support;

/// <summary>
/// The published specs, and their trial results read back from results/NAME/ (no training).
/// </summary>
public static class Published
{
    public static IEnumerable<string> Names() => PublishedFolders.Under(Repo.Path("results")).Select(f => f.Name);

    public static (TrialPlan Plan, IReadOnlyList<TrialResult> Results) Load(string name)
    {
        var spec = SpecBinder.Load(Repo.Path("specs", name + ".yaml"), Registries.Catalog);
        var plan = Planner.Plan(spec, EngineInfo.Version);
        var reuse = PublishedResults.TryLoad(plan, Repo.Path("results", name));
        Assert.True(reuse.Usable, reuse.Reason);
        return (plan, reuse.Results!);
    }
}
