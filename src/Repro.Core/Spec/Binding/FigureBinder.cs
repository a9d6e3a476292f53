using Repro.Core.Catalog;
using Repro.Core.Figures;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// Binds `figures:` after the trials, because a figure's x, series and filter name trial paths. What each kind accepts
/// beyond the common checks is the kind's own (<see cref="FigureKind.Check"/>, registered in <see cref="FigureKinds"/>).
/// </summary>
sealed class FigureBinder(KindCatalog catalog, TrialPaths trials, string specTitle, SpecErrors errors)
{
    /// <summary>The keys of a figure and the names of its kinds (README documents each).</summary>
    public static readonly string[] Keys = ["id", "kind", "title", "where", "x", "y", "series", "scale", .. FigureStyleBinder.Keys];
    public static IReadOnlyList<string> Kinds => FigureKinds.All.Names;

    public FigureSpec? Bind(Node node)
    {
        if (node is not MapNode map)
        {
            errors.Add(node.Mark, "a figure must be a mapping", "write `- { id: ..., y: <metric> }`");
            return null;
        }
        Nodes.CheckKeys(map, Keys, "a figure", errors);
        int before = errors.Count;
        string id = Nodes.RequiredId(map, "figure", errors);
        var kind = BindKind(map);
        // A kind that counts trials takes no `y:` (its check says so if one is given); an unknown kind, already
        // reported, is not also blamed for a missing one.
        List<string> y = kind?.TakesY == false || (kind is null && map.Find("y") is null) ? [] : BindY(map);
        var where = trials.BindWhere(map, errors);
        string title = Nodes.Text(map, "title", errors) ?? specTitle;

        // x: `step` (lines over training), a recorded metric (one against another along training),
        // or a swept path (final values against the sweep).
        var xKind = FigureX.Step;
        string x = "step";
        var xNode = map.Find("x")?.Value;
        if (xNode is not null)
        {
            x = (xNode as ScalarNode)?.Text ?? "";
            if (x == "step") { }
            else if (trials.Metrics.Contains(x)) xKind = FigureX.Metric;
            else if (trials.Values(x).Count > 0) xKind = FigureX.Path;
            else errors.Add(xNode.Mark, $"unknown x {Nodes.Describe(xNode)}", DidYouMean.Allowed(x, [.. trials.Known().Where(p => p != "seed").Prepend("step").Concat(trials.Metrics)], "allowed: step, a recorded metric or a swept path"));
        }

        string? series = null;
        if (map.Find("series")?.Value is { } seriesNode)
        {
            if (seriesNode is ScalarNode ss && !ss.IsNull)
            {
                series = ss.Text;
                if (series != "seed" && !trials.Exists(series))
                    errors.Add(ss.Mark, $"series path '{Nodes.Describe(series)}' does not exist", DidYouMean.Allowed(series, trials.Known(), "paths"));
            }
            else errors.Add(seriesNode.Mark, "series must be a dotted path", "write e.g. `series: init.kind`");
        }

        AxisScale xs = AxisScale.Linear, ys = AxisScale.Linear;
        Node? xScaleNode = null, yScaleNode = null;
        if (map.Find("scale")?.Value is { } scaleNode)
        {
            if (scaleNode is not MapNode scaleMap) errors.Add(scaleNode.Mark, "scale must be a mapping", "write e.g. `scale: { y: log }`");
            else
            {
                Nodes.CheckKeys(scaleMap, ["x", "y"], "scale", errors);
                xScaleNode = scaleMap.Find("x")?.Value;
                yScaleNode = scaleMap.Find("y")?.Value;
                xs = Scale(xScaleNode);
                ys = Scale(yScaleNode);
            }
        }
        var style = new FigureStyleBinder(trials, errors).Bind(map, kind, xs, ys, where);
        if (errors.Count == before && kind is not null)
        {
            // Where a problem shows: at the key's value, or at the figure when the key is left out.
            void At(Node? node, string problem, string fix) => errors.Add((node ?? map).Mark, problem, fix);
            kind.Check(new FigureCheck(xKind, x, xNode is not null, map.Find("y") is not null, xs, ys, series, trials.Metrics, () => trials.NonNumeric(x),
                (p, f) => At(xNode, p, f), (p, f) => At(map.Find("y")?.Value, p, f), (p, f) => At(xScaleNode, p, f), (p, f) => At(yScaleNode, p, f)));
        }
        return errors.Count > before || kind is null ? null : new FigureSpec(id, map.Mark, kind, title, where, xKind, x, y, series, xs, ys) { Style = style };
    }

    FigureKind? BindKind(MapNode map)
    {
        if (map.Find("kind")?.Value is not { } node) return FigureKinds.All.Default;
        string name = (node as ScalarNode)?.Text ?? "";
        if (FigureKinds.All.Find(name) is { } kind) return kind;
        errors.Add(node.Mark, $"unknown figure kind {Nodes.Describe(node)}", FigureKinds.All.Allowed(name));
        return null;
    }

    /// <summary>`y:` is one metric, or a list of metrics drawn as separate lines.</summary>
    List<string> BindY(MapNode map)
    {
        if (map.Find("y")?.Value is SeqNode seq)
        {
            var names = new List<string>();
            foreach (var item in seq.Items)
            {
                string name = (item as ScalarNode)?.Text ?? "";
                if (trials.Metrics.Contains(name)) names.Add(name);
                else errors.Add(item.Mark, $"unknown y {Nodes.Describe(item)}", DidYouMean.Allowed(name, trials.Metrics, "recorded metrics"));
            }
            if (seq.Items.Count == 0) errors.Add(seq.Mark, "y lists no metric", DidYouMean.Allowed("", trials.Metrics, "recorded metrics"));
            return names;
        }
        return [ClaimBinder.RequiredMetric(catalog, trials.Metrics, map, "figure", errors, key: "y")];
    }

    AxisScale Scale(Node? node)
    {
        if (node is null) return AxisScale.Linear;
        if (node is ScalarNode { Text: "linear" or "log" } s) return s.Text == "log" ? AxisScale.Log : AxisScale.Linear;
        errors.Add(node.Mark, $"unknown scale {Nodes.Describe(node)}", "allowed: linear, log");
        return AxisScale.Linear;
    }
}
