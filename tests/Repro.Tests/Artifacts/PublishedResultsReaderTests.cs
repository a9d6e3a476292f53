using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;
using Repro.Tests.Support;

namespace Repro.Tests.Artifacts;

/// <summary>Reading published results back: lossless where they match the plan, refused where they do not.</summary>
public class PublishedResultsReaderTests
{
    public static TheoryData<string> Specs() => new(Repo.SpecNames());

    static TrialPlan PlanOf(string name) => Planner.Plan(SpecBinder.Load(Repo.Spec(name), Registries.Catalog), EngineInfo.Version);

    [Theory]
    [MemberData(nameof(Specs))]
    public void Rebuilding_the_artifacts_from_read_back_results_gives_the_published_bytes(string name)
    {
        string folder = Repo.Path("results", name);
        var plan = PlanOf(name);
        var reuse = PublishedResults.TryLoad(plan, folder);
        Assert.True(reuse.Usable, reuse.Reason);

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, ArtifactSet.ManifestFile)))!;
        var determinism = manifest["determinism"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        // Provenance describes the machine that published; rebuilding takes it as published.
        var provenance = manifest[ArtifactSet.ProvenanceKey]!.AsObject();
        var rebuilt = ArtifactSet.Build(plan, reuse.Results!, determinism, provenance);
        foreach (var (path, bytes) in rebuilt.Files)
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, path))), $"{name}/{path} differs when rebuilt from its own Parquet");
    }

    [Fact]
    public void Results_published_for_other_trials_are_refused_with_the_reason()
    {
        var plan = PlanOf("single-neuron");
        var reuse = PublishedResults.TryLoad(plan, Repo.Path("results", "min-norm-regression"));
        Assert.False(reuse.Usable);
        Assert.Contains("holds other trials", reuse.Reason);
        Assert.Contains("nothing published", PublishedResults.TryLoad(plan, Repo.Path("results", "no-such-spec")).Reason);
    }
}
