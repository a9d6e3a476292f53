using Repro.Core.Catalog;
using Repro.Core.Figures;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>Binds `figures:` after the trials, because a figure's x, series and filter name trial paths.</summary>
sealed class FigureBinder(KindCatalog catalog, TrialPaths trials, string specTitle, SpecErrors errors)
{
    /// <summary>The keys of a figure and the names of its kinds (README documents each).</summary>
    public static readonly string[] Keys = ["id", "kind", "title", "where", "x", "y", "series", "scale"];
    public static readonly string[] Kinds = ["line", "scatter", "bar"];

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
        var y = BindY(map);
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
        Node? xScaleNode = null;
        if (map.Find("scale")?.Value is { } scaleNode)
        {
            if (scaleNode is not MapNode scaleMap) errors.Add(scaleNode.Mark, "scale must be a mapping", "write e.g. `scale: { y: log }`");
            else
            {
                Nodes.CheckKeys(scaleMap, ["x", "y"], "scale", errors);
                xScaleNode = scaleMap.Find("x")?.Value;
                xs = Scale(xScaleNode);
                ys = Scale(scaleMap.Find("y")?.Value);
            }
        }
        if (errors.Count == before && kind is { } k)
            CheckKind(k, map, xNode, xKind, x, xs, xScaleNode);
        return errors.Count > before || kind is null ? null : new FigureSpec(id, map.Mark, kind.Value, title, where, xKind, x, y, series, xs, ys);
    }

    FigureKind? BindKind(MapNode map)
    {
        if (map.Find("kind")?.Value is not { } node) return FigureKind.Line;
        if (node is ScalarNode s && Kinds.Contains(s.Text)) return Enum.Parse<FigureKind>(s.Text, ignoreCase: true);
        errors.Add(node.Mark, $"unknown figure kind {Nodes.Describe(node)}", DidYouMean.Allowed((node as ScalarNode)?.Text ?? "", Kinds));
        return null;
    }

    /// <summary>
    /// What x can be depends on the kind: a line over a swept path and a scatter need numbers on x; a scatter plots
    /// each trial's final values, so x is a recorded metric or a numeric swept path; a bar chart's categories are
    /// the values of a swept path, so x is that path, on a linear axis.
    /// </summary>
    void CheckKind(FigureKind kind, MapNode map, Node? xNode, FigureX xKind, string x, AxisScale xScale, Node? xScaleNode)
    {
        var mark = (xNode ?? map).Mark;
        switch (kind)
        {
            case FigureKind.Line when xKind == FigureX.Path && trials.NonNumeric(x) is { Count: > 0 } words:
                errors.Add(mark, $"x = {x} of a line figure has values that are not numbers ({string.Join(", ", words)})",
                    "use `kind: bar` to compare the values of a non-numeric path, or a numeric path as x");
                break;
            case FigureKind.Scatter when xKind == FigureX.Step:
                errors.Add(mark, xNode is null
                        ? "a scatter figure needs `x:`: it plots final values, one marker per trial, not curves over steps"
                        : "x = step does not fit a scatter figure, which plots final values, one marker per trial",
                    "set `x:` to a recorded metric or a numeric swept path (e.g. `x: init.value`), or use `kind: line` for curves over training");
                break;
            case FigureKind.Scatter when xKind == FigureX.Path && trials.NonNumeric(x) is { Count: > 0 } words:
                errors.Add(mark, $"x = {x} of a scatter figure has values that are not numbers ({string.Join(", ", words)})",
                    "use `kind: bar` to compare the values of a non-numeric path, or a numeric path as x");
                break;
            case FigureKind.Bar when xKind != FigureX.Path:
                errors.Add(mark, xNode is null
                        ? "a bar figure needs `x:`, a swept path whose values are the categories"
                        : $"a bar figure needs a swept path as x (its values are the categories), got {(xKind == FigureX.Metric ? "the metric " : "")}{x}",
                    "set e.g. `x: optimizer.kind`; for one metric against another use `kind: scatter`, for curves over training `kind: line`");
                break;
            case FigureKind.Bar when xScale == AxisScale.Log:
                errors.Add(xScaleNode!.Mark, "scale x: log does not apply to a bar figure, whose x axis holds categories",
                    "remove `x: log` from `scale:` (a log y axis is allowed: `scale: { y: log }`)");
                break;
        }
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
