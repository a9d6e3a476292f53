using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Repro.Core.Catalog;
using Repro.Core.Figures;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec;

/// <summary>
/// Turns the YAML tree into one <see cref="ResolvedSpec"/>: strict keys, typed and range-checked values,
/// defaults filled in, the sweep expanded. Collects every error before failing, each with its position.
/// </summary>
public sealed partial class SpecBinder
{
    static readonly string[] TopKeys =
        ["name", "title", "source", "data", "model", "init", "optimizer", "schedule", "loss", "train",
         "seeds", "device", "dtype", "sweep", "metrics", "claims", "figures"];

    /// <summary>The keys that describe one trial: the only roots a sweep may vary.</summary>
    public static readonly string[] TrialKeys = ["data", "model", "init", "optimizer", "schedule", "loss", "train", "device", "dtype"];

    static readonly string[] ClaimKeys = ["id", "where", "metric", "at", "reduce", "expect", "monotone", "tolerance"];
    /// <summary>The keys of a figure and the names of its kinds (README documents each).</summary>
    public static readonly string[] FigureKeys = ["id", "kind", "title", "where", "x", "y", "series", "scale"];
    public static readonly string[] FigureKinds = ["line", "scatter", "bar"];

    readonly KindCatalog catalog;
    readonly string file;
    readonly List<SpecError> errors = [];
    // Cross-field bounds (a batch no larger than the training set) are checked once the whole trial is bound.
    readonly List<(Mark Mark, string Path, double Value, string MaxPath)> pendingMax = [];

    SpecBinder(KindCatalog catalog, string file) => (this.catalog, this.file) = (catalog, file);

    public static ResolvedSpec Load(string path, KindCatalog catalog) => Bind(YamlReader.ReadFile(path), path, catalog);

    /// <summary>Loads a spec with `--set PATH=VALUE` overrides applied before validation.</summary>
    public static ResolvedSpec Load(string path, KindCatalog catalog, IReadOnlyList<string> overrides) =>
        Bind(SpecOverrides.Apply(YamlReader.ReadFile(path), overrides), path, catalog);

    public static ResolvedSpec Parse(string yaml, string file, KindCatalog catalog) => Bind(YamlReader.Read(yaml, file), file, catalog);

    public static ResolvedSpec Bind(Node root, string file, KindCatalog catalog) => new SpecBinder(catalog, file).BindSpec(root);

    ResolvedSpec BindSpec(Node root)
    {
        if (root is not MapNode map)
            throw new SpecException(new SpecError(root.Mark, "a spec must be a mapping of keys", "start with `name: my-experiment`"));
        CheckKeys(map, TopKeys, "the spec");

        string name = BindName(map);
        string title = BindText(map, "title") ?? name;
        string source = BindText(map, "source") ?? "";
        var seeds = BindSeeds(map.Find("seeds"));
        var metrics = BindMetrics(map.Find("metrics"));

        var points = new List<TrialConfig>();
        var trees = ExpandSweep(map).ToList();
        foreach (var tree in trees)
        {
            if (BindTrial(tree, metrics) is { } config) points.Add(config);
        }
        var canonicals = points.Select(p => p.ToCanonical()).ToList();
        // Two sweep points that mean the same trial would train it twice and collide on its key.
        var texts = canonicals.Select(Canonical.Compact).ToList();
        for (int i = 0; i < texts.Count; i++)
        {
            int first = texts.IndexOf(texts[i]);
            if (first < i)
                Error((map.Find("sweep")?.Value ?? map).Mark, $"sweep points {first + 1} and {i + 1} are the same trial",
                    "list each combination of values once");
        }

        // Claims and figures name trial paths: with a trial that did not bind, they would only repeat its error.
        bool trialsBound = points.Count == trees.Count;
        var claims = trialsBound ? BindList(map.Find("claims"), "claims", (node, i) => BindClaim(node, metrics, canonicals, seeds)) : [];
        var figures = trialsBound ? BindList(map.Find("figures"), "figures", (node, i) => BindFigure(node, title, metrics, canonicals, seeds)) : [];
        CheckUnique(claims.Select(c => (c.Id, c.Mark)), "claim");
        CheckUnique(figures.Select(f => (f.Id, f.Mark)), "figure");

        var distinct = errors.Distinct().ToList();
        if (distinct.Count > 0) throw new SpecException(distinct);

        var deviceMark = (map.Find("device")?.Value ?? map).Mark;
        return new ResolvedSpec(file, name, title, source, seeds, metrics, points, claims, figures, deviceMark);
    }

    // ---- top-level fields -------------------------------------------------------------------

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex SafeName();

    string BindName(MapNode map)
    {
        if (map.Find("name") is not { } entry)
        {
            Error(map.Mark, "missing required key 'name'", "add `name: my-experiment` (it names the folder under results/)");
            return "unnamed";
        }
        if (entry.Value is not ScalarNode s || s.IsNull)
        {
            Error(entry.Value.Mark, "name must be a word", "write e.g. `name: min-norm-regression`");
            return "unnamed";
        }
        if (!SafeName().IsMatch(s.Text))
            Error(s.Mark, $"name '{s.Text}' is not a safe folder name",
                "use lowercase letters, digits, '-' and '_' only (no '/', '..' or spaces), at most 64 characters");
        return s.Text;
    }

    string? BindText(MapNode map, string key)
    {
        if (map.Find(key) is not { } entry) return null;
        if (entry.Value is ScalarNode s && !s.IsNull) return s.Text;
        Error(entry.Value.Mark, $"{key} must be text", $"write `{key}: some words`");
        return null;
    }

    IReadOnlyList<long> BindSeeds(MapEntry? entry)
    {
        if (entry is null) return [0];
        if (entry.Value is not SeqNode seq || seq.Items.Count == 0)
        {
            Error(entry.Value.Mark, "seeds must be a non-empty list of whole numbers", "write e.g. `seeds: [0, 1, 2]`");
            return [0];
        }
        var seeds = new List<long>();
        foreach (var item in seq.Items)
        {
            if (item is ScalarNode { Plain: true } s && long.TryParse(s.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed) && seed >= 0)
            {
                if (seeds.Contains(seed)) Error(s.Mark, $"seed {seed} is listed twice", "list each seed once");
                seeds.Add(seed);
            }
            else Error(item.Mark, $"a seed must be a whole number >= 0, got {Describe(item)}", "write e.g. `seeds: [0, 1, 2]`");
        }
        return seeds;
    }

    IReadOnlyList<string> BindMetrics(MapEntry? entry)
    {
        var known = catalog.Metrics.Select(m => m.Name).ToList();
        if (entry is null) return ["train_loss", "test_loss"];
        if (entry.Value is not SeqNode seq || seq.Items.Count == 0)
        {
            Error(entry.Value.Mark, "metrics must be a non-empty list of metric names", DidYouMean.Allowed("", known, "known metrics"));
            return [];
        }
        var metrics = new List<string>();
        foreach (var item in seq.Items)
        {
            if (item is not ScalarNode s || !known.Contains(s.Text))
                Error(item.Mark, $"unknown metric {Describe(item)}", DidYouMean.Allowed((item as ScalarNode)?.Text ?? "", known, "known metrics"));
            else if (metrics.Contains(s.Text))
                Error(s.Mark, $"metric '{s.Text}' is listed twice", "list each metric once");
            else metrics.Add(s.Text);
        }
        return metrics;
    }

    // ---- sweep --------------------------------------------------------------------------------

    /// <summary>
    /// One YAML tree per sweep point (the grid, first sweep key outermost). Each swept value is spliced
    /// into the tree at its dotted path, so binding it reports errors at the sweep entry's position.
    /// </summary>
    IEnumerable<MapNode> ExpandSweep(MapNode root)
    {
        // An axis varies one path, or several paths together ("a.b+c.d: [[1, 2], [3, 4]]": linked values).
        var axes = new List<(ScalarNode Key, string[][] Paths, IReadOnlyList<Node> Values)>();
        if (root.Find("sweep") is { } sweep)
        {
            if (sweep.Value is ScalarNode { IsNull: true }) { }
            else if (sweep.Value is not MapNode sweepMap)
                Error(sweep.Value.Mark, "sweep must be a mapping of dotted paths to lists", "write e.g. `sweep: { init.kind: [zeros, normal] }`");
            else
            {
                foreach (var (key, value) in sweepMap.Entries.Select(e => (e.Key, e.Value)))
                {
                    var paths = key.Text.Split('+').Select(p => p.Trim().Split('.')).ToArray();
                    var bad = paths.FirstOrDefault(path => !TrialKeys.Contains(path[0]) || path.Any(string.IsNullOrEmpty));
                    if (bad is not null)
                    {
                        string why = TopKeys.Contains(bad[0]) ? $"'{bad[0]}' cannot be swept" : $"sweep path '{string.Join('.', bad)}' does not exist";
                        Error(key.Mark, why, DidYouMean.Allowed(bad[0], TrialKeys, "sweepable roots"));
                    }
                    else if (value is not SeqNode { Items.Count: > 0 } values)
                        Error(value.Mark, $"sweep values for '{key.Text}' must be a non-empty list", $"write e.g. `{key.Text}: [a, b]`");
                    else if (paths.Length > 1 && values.Items.FirstOrDefault(v => v is not SeqNode tuple || tuple.Items.Count != paths.Length) is { } wrong)
                        Error(wrong.Mark, $"each value of the linked sweep '{key.Text}' must list {paths.Length} values, one per path",
                            $"write e.g. `{key.Text}: [[{string.Join(", ", paths.Select((_, i) => $"v{i + 1}"))}], ...]`");
                    else axes.Add((key, paths, values.Items));
                }
            }
        }

        IEnumerable<MapNode> Grid(int axis, MapNode tree)
        {
            if (axis == axes.Count) { yield return tree; yield break; }
            var (key, paths, values) = axes[axis];
            foreach (var value in values)
            {
                var parts = paths.Length == 1 ? [value] : ((SeqNode)value).Items;
                MapNode? next = tree;
                for (int i = 0; i < paths.Length && next is not null; i++)
                    next = Splice(next, paths[i], 0, parts[i], key) as MapNode;
                if (next is not null)
                    foreach (var point in Grid(axis + 1, next)) yield return point;
            }
        }
        return Grid(0, root).ToList();
    }

    Node? Splice(Node? node, string[] path, int depth, Node value, ScalarNode key)
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
                Error(key.Mark, $"sweep path '{key.Text}' does not exist: '{string.Join('.', path[..depth])}' is not a mapping",
                    "sweep a key inside a mapping, or the whole value");
                return null;
        }
        var child = map.Find(path[depth])?.Value;
        var spliced = Splice(child, path, depth + 1, value, key);
        return spliced is null ? null : map.With(new ScalarNode(key.Mark, path[depth], true), spliced);
    }

    // ---- one trial -----------------------------------------------------------------------------

    TrialConfig? BindTrial(MapNode tree, IReadOnlyList<string> metrics)
    {
        pendingMax.Clear();
        int before = errors.Count;
        var data = BindComponent(tree.Find("data"), "data", "data", tree.Mark);
        var model = BindComponent(tree.Find("model"), "model", "model", tree.Mark);
        var init = BindComponent(tree.Find("init"), "init", "init", tree.Mark);
        var optimizer = BindComponent(tree.Find("optimizer"), "optimizer", "optimizer", tree.Mark);
        var schedule = BindComponent(tree.Find("schedule"), "schedule", "schedule", tree.Mark);
        var loss = BindComponent(tree.Find("loss"), "loss", "loss", tree.Mark);
        var trainEntry = tree.Find("train");
        if (trainEntry is not null && trainEntry.Value is not MapNode)
            Error(trainEntry.Value.Mark, "train must be a mapping", "write e.g. `train: { steps: 1000, log_every: 10 }`");
        var train = BindFields(trainEntry?.Value as MapNode, SpecFields.Train, "train", "train");
        string device = (string)BindValue(tree.Find("device")?.Value, SpecFields.Device, "device");
        string dtype = (string)BindValue(tree.Find("dtype")?.Value, SpecFields.Dtype, "dtype");
        if (errors.Count > before || data is null || model is null || init is null || optimizer is null || schedule is null || loss is null)
            return null;

        var config = new TrialConfig(data, model, init, optimizer, schedule, loss,
            new TrainSettings((long)train["steps"], (long)train["log_every"]), device, dtype, metrics);
        var canonical = config.ToCanonical();
        foreach (var (mark, path, value, maxPath) in pendingMax)
        {
            if (Canonical.At(canonical, maxPath) is JsonValue bound && bound.TryGetValue<long>(out long max) && value > max)
                Error(mark, $"{path} = {Canonical.Number(value)} exceeds {maxPath} = {max}", $"use a value <= {max}");
        }
        return config;
    }

    Component? BindComponent(MapEntry? entry, string area, string path, Mark parent)
    {
        var info = catalog.Area(area);
        Node? node = entry?.Value;
        MapNode? fields = null;
        ScalarNode? kindNode = null;
        switch (node)
        {
            case null:
                break;
            case ScalarNode { IsNull: true }:
                Error(node.Mark, $"{path} has no value", $"remove the key to use the default ({info.DefaultKind}), or name a kind: {string.Join(", ", info.Kinds.Select(k => k.Name))}");
                return null;
            case ScalarNode s:
                kindNode = s;
                break;
            case MapNode m:
                fields = m;
                if (m.Find("kind") is { } k)
                {
                    if (k.Value is ScalarNode ks && !ks.IsNull) kindNode = ks;
                    else { Error(k.Value.Mark, $"{path}.kind must be a kind name", DidYouMean.Allowed("", info.Kinds.Select(x => x.Name).ToList())); return null; }
                }
                break;
            default:
                Error(node.Mark, $"{path} must be a kind name or a mapping with `kind:`", $"write e.g. `{path}: {{ kind: {info.DefaultKind} }}`");
                return null;
        }

        string kindName = kindNode?.Text ?? info.DefaultKind;
        if (info.Kind(kindName) is not { } kind)
        {
            Error(kindNode!.Mark, $"unknown {area} kind '{kindName}'", DidYouMean.Allowed(kindName, info.Kinds.Select(k => k.Name).ToList(), "known kinds"));
            return null;
        }
        var values = BindFields(fields, kind.Params, path, $"{path} kind '{kind.Name}'", extraKeys: ["kind"]);
        return new Component(kind.Name, values.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    Dictionary<string, object> BindFields(MapNode? map, IReadOnlyList<ParamInfo> fields, string path, string what, string[]? extraKeys = null)
    {
        if (map is not null)
            CheckKeys(map, [.. extraKeys ?? [], .. fields.Select(f => f.Name)], what);
        var values = new Dictionary<string, object>();
        foreach (var field in fields)
            values[field.Name] = BindValue(map?.Find(field.Name)?.Value, field, $"{path}.{field.Name}");
        return values;
    }

    object BindValue(Node? node, ParamInfo field, string path)
    {
        if (field.Type == ParamType.Component)
        {
            var entry = node is null ? null : new MapEntry(new ScalarNode(node.Mark, field.Name, true), node);
            return (object?)BindComponent(entry, field.Area!, path, node?.Mark ?? default) ?? field.Default;
        }
        if (node is null) return field.Type == ParamType.Component ? field.Default : field.Default;
        if (node is not ScalarNode s || s.IsNull)
        {
            Error(node.Mark, $"{path} must be {TypeText(field)}, got {Describe(node)}", Hint(field));
            return field.Default;
        }
        switch (field.Type)
        {
            case ParamType.Int when s.Plain && long.TryParse(s.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l):
                CheckRange(s.Mark, path, field, l);
                return l;
            case ParamType.Double when s.Plain && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d):
                CheckRange(s.Mark, path, field, d);
                return d;
            case ParamType.Bool when s.Plain && s.Text is "true" or "false":
                return s.Text == "true";
            case ParamType.Choice when field.Choices.Contains(s.Text):
                return s.Text;
            case ParamType.Choice:
                Error(s.Mark, $"unknown {path} '{s.Text}'", DidYouMean.Allowed(s.Text, field.Choices));
                return field.Default;
            default:
                Error(s.Mark, $"{path} must be {TypeText(field)}, got {Describe(s)}", Hint(field));
                return field.Default;
        }
    }

    void CheckRange(Mark mark, string path, ParamInfo field, double value)
    {
        bool low = field.Min is { } min && (field.MinExclusive ? value <= min : value < min);
        bool high = field.Max is { } max && value > max;
        if (low || high)
            Error(mark, $"{path} must be {field.RangeText}, got {Canonical.Number(value)}", Hint(field));
        if (field.MaxPath is { } maxPath) pendingMax.Add((mark, path, value, maxPath));
    }

    static string TypeText(ParamInfo f) => f.Type switch
    {
        ParamType.Int => "a whole number",
        ParamType.Double => "a number",
        ParamType.Bool => "true or false",
        ParamType.Choice => $"one of {string.Join(", ", f.Choices)}",
        _ => "a kind",
    };

    static string Hint(ParamInfo f)
    {
        string range = f.RangeText.Length > 0 ? $" {f.RangeText}" : "";
        string example = f.Default switch { double d => Canonical.Number(d), bool b => b ? "true" : "false", var o => Convert.ToString(o, CultureInfo.InvariantCulture)! };
        return f.Type switch
        {
            ParamType.Choice => $"allowed: {string.Join(", ", f.Choices)}",
            _ => $"{f.Name}: {TypeText(f)}{range} ({f.Doc}; default {example})",
        };
    }

    // ---- helpers -----------------------------------------------------------------------------

    List<T> BindList<T>(MapEntry? entry, string key, Func<Node, int, T?> bind) where T : class
    {
        if (entry is null || entry.Value is ScalarNode { IsNull: true }) return [];
        if (entry.Value is not SeqNode seq)
        {
            Error(entry.Value.Mark, $"{key} must be a list", $"write each entry on a line starting with `- `");
            return [];
        }
        return seq.Items.Select(bind).OfType<T>().ToList();
    }

    void CheckUnique(IEnumerable<(string Id, Mark Mark)> items, string what)
    {
        foreach (var group in items.GroupBy(i => i.Id).Where(g => g.Count() > 1 && g.Key.Length > 0))
            foreach (var (id, mark) in group.Skip(1))
                Error(mark, $"{what} id '{id}' is used twice", $"give each {what} its own id");
    }

    void CheckKeys(MapNode map, IReadOnlyCollection<string> allowed, string what)
    {
        foreach (var entry in map.Entries)
        {
            if (!allowed.Contains(entry.Key.Text))
                Error(entry.Key.Mark, $"unknown key '{entry.Key.Text}' in {what}", DidYouMean.Allowed(entry.Key.Text, allowed, "allowed keys"));
        }
    }

    static List<string> KnownPaths(IReadOnlyList<JsonObject> points) =>
        points.SelectMany(p => Canonical.Leaves(p)).Select(l => l.Path).Distinct().Append("seed").ToList();

    static string Describe(Node node) => node switch
    {
        ScalarNode { IsNull: true } => "nothing",
        ScalarNode s => $"'{s.Text}'",
        MapNode => "a mapping",
        SeqNode => "a list",
        _ => "a value",
    };

    void Error(Mark mark, string problem, string fix) => errors.Add(new SpecError(mark, problem, fix));
}
