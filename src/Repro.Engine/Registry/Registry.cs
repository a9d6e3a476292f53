using System.Collections;
using Repro.Core.Catalog;
using Repro.Core.Spec;

namespace Repro.Engine.Registry;

/// <summary>
/// Maps the `kind:` names of one spec area to implementations. Filled once by a collection
/// initializer in <see cref="Registries"/> and read-only after: one registration line per kind.
/// </summary>
public sealed class Registry<T>(string area, string defaultKind) : IEnumerable<KindInfo>
{
    readonly Dictionary<string, (KindInfo Info, Func<Component, T> Create)> entries = new(StringComparer.Ordinal);
    readonly List<KindInfo> order = [];

    public void Add(KindInfo info, Func<Component, T> create)
    {
        if (!entries.TryAdd(info.Name, (info, create)))
            throw new InvalidOperationException($"{area} kind '{info.Name}' is registered twice");
        order.Add(info);
    }

    /// <summary>A family of kinds generated together (the metrics of one named reference): one registration line.</summary>
    public void Add(IEnumerable<(KindInfo Info, Func<Component, T> Create)> family)
    {
        foreach (var (info, create) in family) Add(info, create);
    }

    public AreaInfo Area => new(area, defaultKind, order);

    /// <summary>Builds the implementation for a resolved component (the spec loader already checked the kind).</summary>
    public T Create(Component component) => entries.TryGetValue(component.Kind, out var entry)
        ? entry.Create(component)
        : throw new KeyNotFoundException($"no {area} kind '{component.Kind}' (known: {string.Join(", ", entries.Keys)})");

    public IEnumerator<KindInfo> GetEnumerator() => order.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
