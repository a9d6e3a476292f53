namespace Repro.Core.Spec.Yaml;

/// <summary>
/// The YAML document as a small immutable tree that remembers where every node came from,
/// so that errors found long after parsing still point at the file, line and column.
/// </summary>
public abstract record Node(Mark Mark);

/// <summary>A scalar as written. <see cref="Plain"/> is false for quoted or block scalars (always strings).</summary>
public sealed record ScalarNode(Mark Mark, string Text, bool Plain) : Node(Mark)
{
    public bool IsNull => Plain && Text is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>
    /// The scalar's characters in the file, quotes and escapes included, when it sits on one line (null otherwise):
    /// what <see cref="MarkAt"/> needs to point inside a value that the binder parses further, such as an expression.
    /// </summary>
    public string? Written { get; init; }

    /// <summary>Where the value's character at <paramref name="index"/> was written; the scalar's start when that is not known.</summary>
    public Mark MarkAt(int index) => ScalarColumns.Offset(Written, Text, index) is { } offset ? Mark with { Column = Mark.Column + offset } : Mark;
}

public sealed record MapEntry(ScalarNode Key, Node Value);

public sealed record MapNode(Mark Mark, IReadOnlyList<MapEntry> Entries) : Node(Mark)
{
    public MapEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key.Text == key);

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (appended when absent).</summary>
    public MapNode With(ScalarNode key, Node value)
    {
        var entries = Entries.ToList();
        int index = entries.FindIndex(e => e.Key.Text == key.Text);
        if (index >= 0) entries[index] = new MapEntry(entries[index].Key, value);
        else entries.Add(new MapEntry(key, value));
        return this with { Entries = entries };
    }
}

public sealed record SeqNode(Mark Mark, IReadOnlyList<Node> Items) : Node(Mark);
