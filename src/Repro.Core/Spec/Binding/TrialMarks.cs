using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// Where one sweep point's tree writes each value: dotted trial path → mark (data.target.nonzeros, model.kind,
/// metrics.margin), so a rule found on the bound trial is reported at the value that breaks it. A swept value's
/// mark is its position in `sweep:`. A path the spec leaves to its default has no mark of its own: <see cref="Nearest"/>
/// gives the closest section that is written, else the top of the spec.
/// </summary>
sealed class TrialMarks
{
    readonly Dictionary<string, Mark> marks = new(StringComparer.Ordinal);
    readonly HashSet<Mark> swept = [];
    readonly Mark top;

    public TrialMarks(MapNode tree)
    {
        top = tree.Mark;
        foreach (var key in SweepExpander.TrialKeys)
            if (tree.Find(key) is { } entry) Add(key, entry.Value);
        if (tree.Find("metrics")?.Value is SeqNode metrics)
            foreach (var item in metrics.Items.OfType<ScalarNode>())
                marks.TryAdd($"metrics.{item.Text}", item.Mark);
        if (tree.Find("sweep")?.Value is { } sweep) Collect(sweep);
    }

    void Add(string path, Node node)
    {
        marks[path] = node.Mark;
        switch (node)
        {
            case MapNode map:
                foreach (var entry in map.Entries) Add($"{path}.{entry.Key.Text}", entry.Value);
                break;
            // `init: zeros` is shorthand for `init: {kind: zeros}`; a path that is no component never asks for `.kind`.
            case ScalarNode:
                marks[$"{path}.kind"] = node.Mark;
                break;
        }
    }

    void Collect(Node node)
    {
        swept.Add(node.Mark);
        switch (node)
        {
            case MapNode map:
                foreach (var entry in map.Entries) { swept.Add(entry.Key.Mark); Collect(entry.Value); }
                break;
            case SeqNode seq:
                foreach (var item in seq.Items) Collect(item);
                break;
        }
    }

    /// <summary>The mark of the value the spec writes at <paramref name="path"/>, or null when it is a default.</summary>
    public Mark? Written(string path) => marks.TryGetValue(path, out var mark) ? mark : null;

    /// <summary>The value at <paramref name="path"/>, else the closest enclosing section the spec writes, else the top.</summary>
    public Mark Nearest(string path)
    {
        for (string? p = path; p is not null; p = Parent(p))
            if (marks.TryGetValue(p, out var mark)) return mark;
        return top;
    }

    /// <summary>
    /// True when <paramref name="mark"/> is a value that this point or this run sets apart from the spec's body: a
    /// value in `sweep:`, or a `--set` override (marked with the override as its file). When a rule ties such a value
    /// to one the spec writes, the varied one is what broke it.
    /// </summary>
    public bool Varies(Mark mark) => swept.Contains(mark) || mark.File != top.File;

    public static string? Parent(string path) => path.LastIndexOf('.') is > 0 and var dot ? path[..dot] : null;
}
