using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Repro.Core.Spec;

/// <summary>
/// A list-valued parameter as bound: a vector of numbers (rank 1), or a matrix given as equal-length rows (rank 2),
/// stored row-major. Compared by value, so two specs that list the same numbers mean the same trial.
/// </summary>
public sealed record Numbers(ImmutableArray<double> Values, int Rows, int Columns, int Rank)
{
    /// <summary>A parameter left out that the kind does not require: "none given".</summary>
    public static readonly Numbers NoVector = new([], 0, 0, 1);
    public static readonly Numbers NoMatrix = new([], 0, 0, 2);

    public static Numbers Vector(IEnumerable<double> values)
    {
        var v = values.ToImmutableArray();
        return new Numbers(v, v.Length, 1, 1);
    }

    /// <param name="rows">equal-length rows (checked by the binder)</param>
    public static Numbers Matrix(IReadOnlyList<IReadOnlyList<double>> rows) =>
        new([.. rows.SelectMany(r => r)], rows.Count, rows.Count == 0 ? 0 : rows[0].Count, 2);

    public bool IsEmpty => Values.Length == 0;

    /// <summary>Entries of a vector, rows of a matrix.</summary>
    public int Count => Rank == 1 ? Values.Length : Rows;

    public double At(int row, int column) => Values[row * Columns + column];

    public JsonArray ToJson() => Rank == 1
        ? new JsonArray([.. Values.Select(v => (JsonNode)JsonValue.Create(v))])
        : new JsonArray([.. Enumerable.Range(0, Rows).Select(r => (JsonNode)new JsonArray([.. Enumerable.Range(0, Columns).Select(c => (JsonNode)JsonValue.Create(At(r, c)))]))]);

    public bool Equals(Numbers? other) => other is not null && Rank == other.Rank && Rows == other.Rows && Columns == other.Columns
        && Values.AsSpan().SequenceEqual(other.Values.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Rank, Rows, Columns);

    public override string ToString() => Canonical.Compact(ToJson());
}
