using System.Collections.Immutable;
using System.Globalization;
using Repro.Core.Catalog;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// Binds one sweep point's tree into a <see cref="TrialConfig"/>: each component's kind and parameters
/// (strict keys, typed and range-checked values, defaults filled in), `train:`, device and dtype, then the
/// rules that relate one part of the trial to another (<see cref="CompatibilityRules"/>).
/// </summary>
sealed class TrialBinder(KindCatalog catalog, SpecErrors errors, SpecLimits? limits = null)
{
    readonly CompatibilityRules rules = new(catalog, errors, limits ?? SpecLimits.Default);

    // The paths whose values had an error in this point: the cross-field rules skip them rather than repeat it.
    readonly HashSet<string> failed = new(StringComparer.Ordinal);

    // Data files by where they are written: read and hashed once however many sweep points name them.
    readonly Dictionary<(string File, string Path), object> files = [];

    /// <param name="derived">the names `derived:` declares (a stopping rule cannot read them: they are computed after training)</param>
    /// <param name="crossChecks">false binds values alone (the spec's own values that a sweep replaces in every point)</param>
    public TrialConfig? Bind(MapNode tree, IReadOnlyList<string> metrics, IReadOnlyList<string>? derived = null, bool crossChecks = true)
    {
        failed.Clear();
        int before = errors.Count;
        var data = Component(tree.Find("data"), "data", "data");
        var model = Component(tree.Find("model"), "model", "model");
        var init = Component(tree.Find("init"), "init", "init");
        var optimizer = Component(tree.Find("optimizer"), "optimizer", "optimizer");
        var schedule = Component(tree.Find("schedule"), "schedule", "schedule");
        var loss = Component(tree.Find("loss"), "loss", "loss");
        var trainEntry = tree.Find("train");
        if (trainEntry is not null && trainEntry.Value is not MapNode)
            errors.Add(trainEntry.Value.Mark, "train must be a mapping", "write e.g. `train: { steps: 1000, log_every: 10 }`");
        var train = Fields(trainEntry?.Value as MapNode, SpecFields.Train, "train", "train", extraKeys: ["until"]);
        var until = (trainEntry?.Value as MapNode)?.Find("until")?.Value is { } untilNode ? Until(untilNode, metrics, derived ?? []) : null;
        var eigensolver = Eigensolver(tree.Find("eigensolver"));
        string device = (string)Value(tree.Find("device")?.Value, SpecFields.Device, "device");
        string dtype = (string)Value(tree.Find("dtype")?.Value, SpecFields.Dtype, "dtype");
        if (data is null || model is null || init is null || optimizer is null || schedule is null || loss is null)
            return null;

        var config = new TrialConfig(data, model, init, optimizer, schedule, loss,
            new TrainSettings((long)train["steps"], (long)train["log_every"], until), device, dtype, metrics) { Eigensolver = eigensolver };
        // With every kind known the rules run even where a value had an error, so the spec reports both at once.
        if (crossChecks) rules.Check(config, new TrialMarks(tree), failed);
        return errors.Count > before ? null : config;
    }

    /// <summary>`eigensolver: { kind: lanczos, iterations: 200, tolerance: 1e-10 }`, or null where the spec does not write it.</summary>
    EigensolverSettings? Eigensolver(MapEntry? entry)
    {
        if (entry is null) return null;
        if (entry.Value is not MapNode map)
        {
            Failed(entry.Value.Mark, "eigensolver", "eigensolver must be a mapping", "write e.g. `eigensolver: { kind: lanczos, iterations: 200, tolerance: 1e-10 }`");
            return null;
        }
        var values = Fields(map, SpecFields.Eigensolver, "eigensolver", "eigensolver");
        return new EigensolverSettings((string)values["kind"], (long)values["iterations"], (double)values["tolerance"]);
    }

    static readonly System.Text.RegularExpressions.Regex UntilForm = new(
        @"^\s*(?<metric>[a-z][a-z0-9_]*)\s*(?<op><=|>=|<|>)\s*(?<bound>[-+0-9.eE]+)\s*$");

    /// <summary>`until: "train_loss &lt; 1e-6"`: a recorded metric, an order comparison and a number.</summary>
    StopRule? Until(Node node, IReadOnlyList<string> metrics, IReadOnlyList<string> derived)
    {
        const string fix = "write e.g. `until: \"train_loss < 1e-6\"` (a recorded metric, one of <, <=, >, >=, and a number)";
        if (node is not ScalarNode s || UntilForm.Match(s.Text) is not { Success: true } m
            || !double.TryParse(m.Groups["bound"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double bound) || !double.IsFinite(bound))
        {
            Failed(node.Mark, "train.until", $"train.until must be a stopping condition, got {Nodes.Describe(node)}", fix);
            return null;
        }
        string metric = m.Groups["metric"].Value;
        if (derived.Contains(metric))
        {
            Failed(s.Mark, "train.until", $"train.until reads '{metric}', a derived metric, but derived metrics are computed after training",
                "stop on a recorded metric (derived values are not part of a trial's key, so they cannot decide when it stops)");
            return null;
        }
        if (!metrics.Contains(metric))
        {
            Failed(s.Mark, "train.until", $"train.until reads '{metric}', which this spec does not record", DidYouMean.Allowed(metric, metrics, "recorded metrics"));
            return null;
        }
        return new StopRule(metric, Claims.ClaimForms.Expect.Find(m.Groups["op"].Value)!, bound);
    }

    /// <summary>One component alone: its kind, parameters and the rules among its own values.</summary>
    public Component? BindAlone(MapNode tree, string area)
    {
        failed.Clear();
        var component = Component(tree.Find(area), area, area);
        if (component is not null) rules.CheckRules([.. rules.Walk(area, area, component)], new TrialMarks(tree), failed);
        return component;
    }

    Component? Component(MapEntry? entry, string area, string path)
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
                errors.Add(node.Mark, $"{path} has no value", $"remove the key to use the default ({info.DefaultKind}), or name a kind: {string.Join(", ", info.Kinds.Select(k => k.Name))}");
                return null;
            case ScalarNode s:
                kindNode = s;
                break;
            case MapNode m:
                fields = m;
                if (m.Find("kind") is { } k)
                {
                    if (k.Value is ScalarNode ks && !ks.IsNull) kindNode = ks;
                    else { errors.Add(k.Value.Mark, $"{path}.kind must be a kind name", DidYouMean.Allowed("", info.Kinds.Select(x => x.Name).ToList())); return null; }
                }
                break;
            default:
                errors.Add(node.Mark, $"{path} must be a kind name or a mapping with `kind:`", $"write e.g. `{path}: {{ kind: {info.DefaultKind} }}`");
                return null;
        }

        string kindName = kindNode?.Text ?? info.DefaultKind;
        if (info.Kind(kindName) is not { } kind)
        {
            errors.Add(kindNode!.Mark, $"unknown {area} kind '{Nodes.Describe(kindName)}'", DidYouMean.Allowed(kindName, info.Kinds.Select(k => k.Name).ToList(), "known kinds"));
            return null;
        }
        var values = Fields(fields, kind.Params, path, $"{path} kind '{kind.Name}'", extraKeys: ["kind"], at: node?.Mark);
        // A nested component that did not bind (an unknown `target:` kind) leaves no component to check rules on.
        if (kind.Params.Any(p => p.Type == ParamType.Component && values[p.Name] is not Spec.Component)) return null;
        return new Component(kind.Name, values.ToImmutableSortedDictionary(StringComparer.Ordinal))
        {
            Unwritten = [.. kind.Params.Where(p => p.Added && Equals(values[p.Name], p.Default)).Select(p => p.Name)],
        };
    }

    /// <param name="at">where the block is: a required parameter it lacks is reported there</param>
    Dictionary<string, object> Fields(MapNode? map, IReadOnlyList<ParamInfo> fields, string path, string what, string[]? extraKeys = null, Mark? at = null)
    {
        if (map is not null)
            Nodes.CheckKeys(map, [.. extraKeys ?? [], .. fields.Select(f => f.Name)], what, errors);
        var values = new Dictionary<string, object>();
        foreach (var field in fields)
        {
            var node = map?.Find(field.Name)?.Value;
            if (node is null && field.Required && !field.IsList)
                Failed(map?.Mark ?? at ?? new Mark("", 1, 1), $"{path}.{field.Name}", $"{path}.{field.Name} is required", $"write e.g. `{field.Name}: {field.Example}` ({field.Doc})");
            values[field.Name] = field.IsList
                ? List(node, field, $"{path}.{field.Name}", map?.Mark ?? at)
                : Value(node, field, $"{path}.{field.Name}");
        }
        return values;
    }

    /// <summary>What a nested component that did not bind leaves in its parent's values (its error is already reported).</summary>
    static readonly object Unbound = new();

    object Value(Node? node, ParamInfo field, string path)
    {
        if (field.Type == ParamType.Component)
        {
            var entry = node is null ? null : new MapEntry(new ScalarNode(node.Mark, field.Name, true), node);
            return (object?)Component(entry, field.Area!, path) ?? Unbound;
        }
        if (node is null) return field.Default;
        if (node is not ScalarNode s || s.IsNull)
        {
            Failed(node.Mark, path, $"{path} must be {TypeText(field)}, got {Nodes.Describe(node)}", Hint(field));
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
            case ParamType.Name when s.Text.Trim().Length > 0:
                return s.Text;
            case ParamType.File when s.Text.Trim().Length > 0:
                return File(s, path);
            case ParamType.Choice:
                Failed(s.Mark, path, $"unknown {path} '{Nodes.Describe(s.Text)}'", DidYouMean.Allowed(s.Text, field.Choices));
                return field.Default;
            default:
                Failed(s.Mark, path, $"{path} must be {TypeText(field)}, got {Nodes.Describe(s)}", Hint(field));
                return field.Default;
        }
    }

    /// <summary>The data file a spec names, read once; its errors are reported where they are (the path, or a cell of the file).</summary>
    object File(ScalarNode s, string path)
    {
        var key = (s.Mark.File, s.Text);
        if (!files.TryGetValue(key, out var loaded))
        {
            try { loaded = DataFile.Load(s.Text, s.Mark); }
            catch (SpecException e) { loaded = e; }
            files[key] = loaded;
        }
        if (loaded is DataFile file) return file;
        failed.Add(path);
        foreach (var error in ((SpecException)loaded).Errors) errors.Add(error.Where, error.Problem, error.Fix);
        return DataFile.None;
    }

    /// <summary>A list of distinct names `[x1, x2]`, not empty.</summary>
    object NameList(Node node, ParamInfo field, string path, string fix)
    {
        if (node is not SeqNode seq || seq.Items.Count == 0)
        {
            Failed(node.Mark, path, $"{path} must be a non-empty list of names, got {Nodes.Describe(node)}", fix);
            return field.Default;
        }
        var names = new List<string>();
        for (int i = 0; i < seq.Items.Count; i++)
        {
            if (seq.Items[i] is not ScalarNode { IsNull: false } n || n.Text.Trim().Length == 0)
            {
                Failed(seq.Items[i].Mark, path, $"{path}[{i}] must be a name, got {Nodes.Describe(seq.Items[i])}", fix);
                return field.Default;
            }
            if (names.Contains(n.Text))
            {
                Failed(n.Mark, path, $"{path} names '{n.Text}' twice", "name each column once");
                return field.Default;
            }
            names.Add(n.Text);
        }
        return new Names([.. names]);
    }

    /// <summary>A vector `[1, 2]` or a matrix `[[1, 2], [3, 4]]`: finite numbers in range, rows of one length, not empty.</summary>
    object List(Node? node, ParamInfo field, string path, Mark? block)
    {
        string fix = $"write e.g. `{field.Name}: {field.Example}` ({field.Doc})";
        if (node is null)
        {
            if (field.Required) Failed(block ?? new Mark("", 1, 1), path, $"{path} is required", fix);
            return field.Default;
        }
        if (field.Type == ParamType.Names) return NameList(node, field, path, fix);
        double[]? Row(Node item, string what)
        {
            if (item is not SeqNode seq || seq.Items.Count == 0)
            {
                Failed(item.Mark, path, $"{what} must be a non-empty list of numbers, got {Nodes.Describe(item)}", fix);
                return null;
            }
            var row = new double[seq.Items.Count];
            for (int i = 0; i < row.Length; i++)
            {
                if (seq.Items[i] is ScalarNode { Plain: true } n && double.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
                {
                    row[i] = d;
                    if (!field.InRange(d)) Failed(n.Mark, path, $"{what}[{i}] must be {field.RangeText}, got {Canonical.Number(d)}", fix);
                }
                else
                {
                    Failed(seq.Items[i].Mark, path, $"{what}[{i}] must be a number, got {Nodes.Describe(seq.Items[i])}", fix);
                    return null;
                }
            }
            return row;
        }
        if (field.Type == ParamType.Vector) return Row(node, path) is { } v ? Numbers.Vector(v) : field.Default;
        if (node is not SeqNode rows || rows.Items.Count == 0)
        {
            Failed(node.Mark, path, $"{path} must be a non-empty list of rows, got {Nodes.Describe(node)}", fix);
            return field.Default;
        }
        var bound = new List<IReadOnlyList<double>>();
        for (int r = 0; r < rows.Items.Count; r++)
        {
            if (Row(rows.Items[r], $"{path}[{r}]") is not { } row) return field.Default;
            if (bound.Count > 0 && row.Length != bound[0].Count)
            {
                Failed(rows.Items[r].Mark, path, $"{path}[{r}] has {row.Length} numbers, the rows before it {bound[0].Count}", "give every row the same length");
                return field.Default;
            }
            bound.Add(row);
        }
        return Numbers.Matrix(bound);
    }

    void CheckRange(Mark mark, string path, ParamInfo field, double value)
    {
        if (!field.InRange(value))
            Failed(mark, path, $"{path} must be {field.RangeText}, got {Canonical.Number(value)}", Hint(field));
    }

    void Failed(Mark mark, string path, string problem, string fix)
    {
        failed.Add(path);
        errors.Add(mark, problem, fix);
    }

    static string TypeText(ParamInfo f) => f.Type switch
    {
        ParamType.Int => "a whole number",
        ParamType.Double => "a number",
        ParamType.Bool => "true or false",
        ParamType.Choice => $"one of {string.Join(", ", f.Choices)}",
        ParamType.Vector => "a list of numbers",
        ParamType.Matrix => "a list of rows of numbers",
        ParamType.Name => "a column name",
        ParamType.Names => "a list of column names",
        ParamType.File => "the path of a .csv or .parquet file, relative to the spec",
        _ => "a kind",
    };

    static string Hint(ParamInfo f)
    {
        string range = f.RangeText.Length > 0 ? $" {f.RangeText}" : "";
        string example = f.Default switch { double d => Canonical.Number(d), bool b => b ? "true" : "false", Numbers or Names or DataFile => "none", var o => Convert.ToString(o, CultureInfo.InvariantCulture)! };
        return f.Type switch
        {
            ParamType.Choice => $"allowed: {string.Join(", ", f.Choices)}",
            _ => $"{f.Name}: {TypeText(f)}{range} ({f.Doc}; default {example})",
        };
    }
}
