using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// `sweep:` → one YAML tree per sweep point (the grid, first sweep key outermost). Pure: YAML in, trees and
/// errors out. Each swept value is spliced into the tree at its dotted path, so binding a point reports an
/// error at the sweep entry's position. Also says which nodes of the spec a sweep replaces in every point:
/// the binder checks those on their own, since no point would.
/// </summary>
static class SweepExpander
{
    /// <summary>The keys that describe one trial: the only roots a sweep may vary.</summary>
    public static readonly string[] TrialKeys = ["data", "model", "init", "optimizer", "schedule", "loss", "train", "eigensolver", "device", "dtype"];

    /// <param name="Linked">the dotted paths of each axis that varies several paths together (`a.b+c.d`)</param>
    public sealed record Expansion(IReadOnlyList<MapNode> Points, IReadOnlyList<SpecError> Errors, IReadOnlyList<Node> Replaced)
    {
        public IReadOnlyList<IReadOnlyList<string>> Linked { get; init; } = [];
    }

    sealed record Axis(ScalarNode Key, string[][] Paths, IReadOnlyList<Node> Values);

    /// <param name="maxPoints">the most points the grid may have: counted before any is made</param>
    public static Expansion Expand(MapNode root, IReadOnlyCollection<string> topKeys, long maxPoints, Func<long, string> overBudget)
    {
        var errors = new SpecErrors();
        var axes = Axes(root, topKeys, errors);

        // Counted before any point is made: a grid of 10^9 points must be refused, not built.
        double count = axes.Aggregate(1.0, (n, axis) => n * axis.Values.Count);
        if (count > maxPoints)
        {
            errors.Add(root.Find("sweep")!.Value.Mark, $"the sweep has {count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} points", overBudget((long)Math.Min(count, long.MaxValue)));
            return new Expansion([], errors.ToList(), []);
        }

        var replaced = new List<Node>();
        foreach (var axis in axes)
            foreach (var path in axis.Paths)
                if (At(root, path) is { } node) replaced.Add(node);

        var points = new List<MapNode>();
        void Grid(int index, MapNode tree)
        {
            if (index == axes.Count) { points.Add(tree); return; }
            var (key, paths, values) = axes[index];
            foreach (var value in values)
            {
                var parts = paths.Length == 1 ? [value] : ((SeqNode)value).Items;
                MapNode? next = tree;
                for (int i = 0; i < paths.Length && next is not null; i++)
                    next = Splice(next, paths[i], 0, parts[i], key, errors) as MapNode;
                if (next is not null) Grid(index + 1, next);
            }
        }
        Grid(0, root);
        return new Expansion(points, errors.ToList(), replaced)
        {
            Linked = [.. axes.Where(a => a.Paths.Length > 1).Select(a => (IReadOnlyList<string>)[.. a.Paths.Select(path => string.Join('.', path))])],
        };
    }

    // An axis varies one path, or several paths together ("a.b+c.d: [[1, 2], [3, 4]]": linked values).
    static List<Axis> Axes(MapNode root, IReadOnlyCollection<string> topKeys, SpecErrors errors)
    {
        var axes = new List<Axis>();
        if (root.Find("sweep") is not { } sweep || sweep.Value is ScalarNode { IsNull: true }) return axes;
        if (sweep.Value is not MapNode sweepMap)
        {
            errors.Add(sweep.Value.Mark, "sweep must be a mapping of dotted paths to lists", "write e.g. `sweep: { init.kind: [zeros, normal] }`");
            return axes;
        }
        foreach (var (key, value) in sweepMap.Entries.Select(e => (e.Key, e.Value)))
        {
            var paths = key.Text.Split('+').Select(p => p.Trim().Split('.')).ToArray();
            var bad = paths.FirstOrDefault(path => !TrialKeys.Contains(path[0]) || path.Any(string.IsNullOrEmpty));
            if (bad is not null)
            {
                string why = topKeys.Contains(bad[0]) ? $"'{bad[0]}' cannot be swept" : $"sweep path '{Nodes.Describe(string.Join('.', bad))}' does not exist";
                errors.Add(key.Mark, why, DidYouMean.Allowed(bad[0], TrialKeys, "sweepable roots"));
            }
            else if (value is not SeqNode { Items.Count: > 0 } values)
                errors.Add(value.Mark, $"sweep values for '{key.Text}' must be a non-empty list", $"write e.g. `{key.Text}: [a, b]`");
            else if (paths.Length > 1 && values.Items.FirstOrDefault(v => v is not SeqNode tuple || tuple.Items.Count != paths.Length) is { } wrong)
                errors.Add(wrong.Mark, $"each value of the linked sweep '{key.Text}' must list {paths.Length} values, one per path",
                    $"write e.g. `{key.Text}: [[{string.Join(", ", paths.Select((_, i) => $"v{i + 1}"))}], ...]`");
            else axes.Add(new Axis(key, paths, values.Items));
        }
        return axes;
    }

    /// <summary>The node of the spec at a dotted path, if the spec writes one there.</summary>
    static Node? At(MapNode root, string[] path)
    {
        Node? node = root;
        foreach (var part in path)
        {
            node = node switch
            {
                MapNode m => m.Find(part)?.Value,
                // `init: zeros` is shorthand for `init: {kind: zeros}`.
                ScalarNode { IsNull: false } s when part == "kind" && !ReferenceEquals(node, root) => s,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    static Node? Splice(Node? node, string[] path, int depth, Node value, ScalarNode key, SpecErrors errors)
    {
        if (depth == path.Length) return value;
        MapNode map;
        switch (node)
        {
            case MapNode m: map = m; break;
            case null or ScalarNode { IsNull: true }: map = new MapNode(key.Mark, []); break;
            // `init: zeros` is shorthand for `init: {kind: zeros}`; a sweep may reach inside it.
            case ScalarNode s when depth > 0: map = new MapNode(s.Mark, [new MapEntry(new ScalarNode(s.Mark, "kind", true), s)]); break;
            default:
                errors.Add(key.Mark, $"sweep path '{key.Text}' does not exist: '{string.Join('.', path[..depth])}' is not a mapping",
                    "sweep a key inside a mapping, or the whole value");
                return null;
        }
        var child = map.Find(path[depth])?.Value;
        var spliced = Splice(child, path, depth + 1, value, key, errors);
        return spliced is null ? null : map.With(new ScalarNode(key.Mark, path[depth], true), spliced);
    }
}
