using Repro.Core.Spec;

namespace Repro.Core.Catalog;

/// <summary>
/// A `kind:` that a spec may name in one area (an optimizer, a model, ...), with its parameters and what it
/// declares about the rest of the trial: the traits it provides and needs, rules tying its parameters to others,
/// and (data and model kinds) its size for the memory estimate. All checked when the spec is bound.
/// </summary>
public sealed record KindInfo(string Name, string Doc, IReadOnlyList<ParamInfo> Params)
{
    public ParamInfo? Param(string name) => Params.FirstOrDefault(p => p.Name == name);

    public IReadOnlyList<Provision> Provides { get; init; } = [];
    public IReadOnlyList<Need> Needs { get; init; } = [];
    public IReadOnlyList<Rule> Rules { get; init; } = [];
    /// <summary>Checks among the kind's own values that a rule between numbers cannot say (a list's length, say).</summary>
    public IReadOnlyList<KindCheck> Checks { get; init; } = [];

    /// <summary>A data kind: the numbers one trial's dataset holds.</summary>
    public Func<Component, DataSize>? Size { get; init; }

    /// <summary>A model kind: its parameter count on inputs of the given width.</summary>
    public Func<Component, double, double>? ParameterCount { get; init; }

    /// <summary>A model kind with a coefficient vector: its length on inputs of the given width.</summary>
    public Func<Component, double, double>? CoefficientCount { get; init; }

    /// <summary>
    /// A metric that compares with an interpolant (Xw = y): the training points must not outnumber the model's
    /// coefficients, unless the targets are exactly linear in them; else no interpolant exists and its solver fails.
    /// </summary>
    public bool NeedsInterpolant { get; init; }

    /// <summary>A metric kind: the reference solutions it solves for, whose named scalars references.parquet publishes.</summary>
    public IReadOnlyList<ReferenceInfo> References { get; init; } = [];
}

/// <summary>
/// A reference solution a metric compares with, as references.parquet names it, and the named scalars it publishes
/// beside its coefficients (a margin, a certificate residual): what a derived metric may read as `ref.NAME.SCALAR`.
/// </summary>
public sealed record ReferenceInfo(string Name, IReadOnlyList<string> Scalars);

/// <summary>One area of the spec language (data, model, init, ...): its kinds and the default kind.</summary>
public sealed record AreaInfo(string Name, string DefaultKind, IReadOnlyList<KindInfo> Kinds)
{
    public KindInfo? Kind(string name) => Kinds.FirstOrDefault(k => k.Name == name);
}

/// <summary>A metric a spec may ask for, and what it needs of the model, the data or the init.</summary>
public sealed record MetricInfo(string Name, string Doc)
{
    public IReadOnlyList<Need> Needs { get; init; } = [];

    /// <summary>See <see cref="KindInfo.NeedsInterpolant"/>.</summary>
    public bool NeedsInterpolant { get; init; }

    /// <summary>See <see cref="KindInfo.References"/>.</summary>
    public IReadOnlyList<ReferenceInfo> References { get; init; } = [];

    public static MetricInfo Of(KindInfo kind) => new(kind.Name, kind.Doc) { Needs = kind.Needs, NeedsInterpolant = kind.NeedsInterpolant, References = kind.References };
}

/// <summary>
/// Everything the spec language can name. Built by the engine's registries (so a new kind is declared
/// once, next to its implementation) but plain data: validating a spec never loads libtorch.
/// </summary>
public sealed class KindCatalog(IEnumerable<AreaInfo> areas, IEnumerable<MetricInfo> metrics)
{
    readonly Dictionary<string, AreaInfo> areas = areas.ToDictionary(a => a.Name);

    public IReadOnlyList<MetricInfo> Metrics { get; } = metrics.ToList();

    public MetricInfo? Metric(string name) => Metrics.FirstOrDefault(m => m.Name == name);

    public AreaInfo Area(string name) =>
        areas.TryGetValue(name, out var area) ? area : throw new KeyNotFoundException($"no area '{name}' in the catalog");

    public IEnumerable<AreaInfo> Areas => areas.Values;
}

/// <summary>
/// A check on one bound component, reported at <see cref="Param"/>: <see cref="Problem"/> gives what is wrong, or
/// null when all is well. For relations among a kind's own values that <see cref="Rule"/> cannot state.
/// </summary>
public sealed record KindCheck(string Param, Func<Component, string?> Problem, string Fix);
