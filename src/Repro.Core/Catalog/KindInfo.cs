namespace Repro.Core.Catalog;

/// <summary>A `kind:` that a spec may name in one area (an optimizer, a model, ...), with its parameters.</summary>
public sealed record KindInfo(string Name, string Doc, IReadOnlyList<ParamInfo> Params)
{
    public ParamInfo? Param(string name) => Params.FirstOrDefault(p => p.Name == name);
}

/// <summary>One area of the spec language (data, model, init, ...): its kinds and the default kind.</summary>
public sealed record AreaInfo(string Name, string DefaultKind, IReadOnlyList<KindInfo> Kinds)
{
    public KindInfo? Kind(string name) => Kinds.FirstOrDefault(k => k.Name == name);
}

/// <summary>A metric a spec may ask for.</summary>
public sealed record MetricInfo(string Name, string Doc);

/// <summary>
/// Everything the spec language can name. Built by the engine's registries (so a new kind is declared
/// once, next to its implementation) but plain data: validating a spec never loads libtorch.
/// </summary>
public sealed class KindCatalog(IEnumerable<AreaInfo> areas, IEnumerable<MetricInfo> metrics)
{
    readonly Dictionary<string, AreaInfo> areas = areas.ToDictionary(a => a.Name);

    public IReadOnlyList<MetricInfo> Metrics { get; } = metrics.ToList();

    public AreaInfo Area(string name) =>
        areas.TryGetValue(name, out var area) ? area : throw new KeyNotFoundException($"no area '{name}' in the catalog");

    public IEnumerable<AreaInfo> Areas => areas.Values;
}
