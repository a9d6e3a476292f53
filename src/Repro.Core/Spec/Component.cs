using System.Collections.Immutable;

namespace Repro.Core.Spec;

/// <summary>
/// A resolved `{kind: ..., params}` block: every parameter present (defaults filled in) and checked.
/// Values are <c>long</c>, <c>double</c>, <c>bool</c>, <c>string</c>, <see cref="Numbers"/> or a nested <see cref="Component"/>.
/// </summary>
public sealed record Component(string Kind, ImmutableSortedDictionary<string, object> Params)
{
    /// <summary>Parameters left out of the canonical form: ones added later and left at their default (ParamInfo.Added).</summary>
    public ImmutableSortedSet<string> Unwritten { get; init; } = [];

    public double Double(string name) => Convert.ToDouble(Get(name), System.Globalization.CultureInfo.InvariantCulture);
    public long Int(string name) => (long)Get(name);
    public bool Bool(string name) => (bool)Get(name);
    public string Text(string name) => (string)Get(name);
    public Component Child(string name) => (Component)Get(name);
    public Numbers List(string name) => (Numbers)Get(name);
    public Names Names(string name) => (Names)Get(name);
    public DataFile File(string name) => (DataFile)Get(name);

    object Get(string name) => Params.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"kind '{Kind}' has no parameter '{name}'");

    public bool Equals(Component? other) =>
        other is not null && Kind == other.Kind && Params.Count == other.Params.Count
        && Params.All(p => other.Params.TryGetValue(p.Key, out var v) && Equals(p.Value, v));

    public override int GetHashCode() => Kind.GetHashCode();
}
