using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Repro.Core.Spec;

/// <summary>A list of names as bound (the columns a data file's inputs are read from), compared by value.</summary>
public sealed record Names(ImmutableArray<string> Items)
{
    public static readonly Names None = new(ImmutableArray<string>.Empty);

    public bool IsEmpty => Items.IsEmpty;

    public JsonArray ToJson() => new([.. Items.Select(n => (JsonNode)JsonValue.Create(n))]);

    public bool Equals(Names? other) => other is not null && Items.AsSpan().SequenceEqual(other.Items.AsSpan());

    public override int GetHashCode() => Items.Length;

    public override string ToString() => string.Join(", ", Items);
}
