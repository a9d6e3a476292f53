using Repro.Tests.Support;

namespace Repro.Tests.Spec.Mutations;

/// <summary>Every bundled spec (specs/*.yaml) mutated <see cref="SpecMutator.PerSpec"/> ways.</summary>
public static class MutationCampaign
{
    /// <summary>
    /// How many mutations the campaign runs (the README cites it): 156 for each of the 14 bundled specs. A test
    /// checks it, so adding a spec or a mutation means updating this number and the README's sentence.
    /// </summary>
    public const int Total = 2184;

    public static IReadOnlyList<SpecMutation> All => all.Value;

    static readonly Lazy<IReadOnlyList<SpecMutation>> all = new(() =>
        [.. Directory.GetFiles(Repo.Path("specs"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => new SpecMutator(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file)).Mutations())]);

    static readonly Lazy<Dictionary<string, SpecMutation>> byName = new(() => All.ToDictionary(m => m.Name, StringComparer.Ordinal));

    public static SpecMutation Named(string name) => byName.Value[name];
}
