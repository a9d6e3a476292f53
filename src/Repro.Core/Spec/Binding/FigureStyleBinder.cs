using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Derived;
using Repro.Core.Figures;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// Binds how a figure looks: `axes:` (titles and limits), `reference:` (lines at a constant or at an expression of
/// config values), `band:` and `size:`. Everything a render could trip on is checked here, at its node: a limit that is
/// not a number, a log axis's limit ≤ 0, min ≥ max, an expression naming a path that is not a number in every trial.
/// </summary>
sealed class FigureStyleBinder(TrialPaths trials, SpecErrors errors)
{
    public static readonly string[] Keys = ["axes", "reference", "band", "size"];

    public static readonly string[] Bands = ["minmax", "iqr", "none"];

    public FigureStyle Bind(MapNode figure, FigureKind? kind, AxisScale xScale, AxisScale yScale, IReadOnlyList<KeyValuePair<string, string>> where)
    {
        var style = FigureStyle.Default;
        if (figure.Find("axes")?.Value is { } axesNode)
        {
            if (axesNode is not MapNode axes) errors.Add(axesNode.Mark, "axes must be a mapping", "write e.g. `axes: { y: { title: sharpness, min: 0 } }`");
            else
            {
                Nodes.CheckKeys(axes, ["x", "y"], "axes", errors);
                style = style with { X = Axis(axes.Find("x")?.Value, "x", xScale), Y = Axis(axes.Find("y")?.Value, "y", yScale) };
            }
        }
        if (figure.Find("reference") is { } references)
            style = style with { References = Nodes.List(references, "reference", n => Reference(n, xScale, yScale, where), errors) };
        if (figure.Find("band")?.Value is { } bandNode)
        {
            if (bandNode is ScalarNode { Text: "minmax" or "iqr" or "none" } band)
            {
                style = style with { Band = band.Text switch { "iqr" => BandStyle.Iqr, "none" => BandStyle.None, _ => BandStyle.MinMax } };
                if (kind is not null && kind != FigureKinds.All.Default)
                    errors.Add(band.Mark, $"band is drawn by line figures, not by a {kind.Name} figure", "remove `band:`, or make it a line figure");
            }
            else errors.Add(bandNode.Mark, $"unknown band {Nodes.Describe(bandNode)}", DidYouMean.Allowed((bandNode as ScalarNode)?.Text ?? "", Bands, "allowed"));
        }
        if (figure.Find("size")?.Value is { } sizeNode)
        {
            if (sizeNode is not MapNode size) errors.Add(sizeNode.Mark, "size must be a mapping", "write e.g. `size: { width: 720, height: 450 }` (pixels)");
            else
            {
                Nodes.CheckKeys(size, ["width", "height"], "size", errors);
                style = style with { Width = Pixels(size, "width", FigureStyle.DefaultWidth), Height = Pixels(size, "height", FigureStyle.DefaultHeight) };
            }
        }
        return style;
    }

    AxisStyle Axis(Node? node, string name, AxisScale scale)
    {
        if (node is null) return AxisStyle.Default;
        if (node is not MapNode map)
        {
            errors.Add(node.Mark, $"axes.{name} must be a mapping", $"write e.g. `{name}: {{ title: ..., min: ..., max: ... }}`");
            return AxisStyle.Default;
        }
        Nodes.CheckKeys(map, ["title", "min", "max"], $"axes.{name}", errors);
        string? title = Nodes.Text(map, "title", errors);
        double? min = Limit(map, "min", name, scale), max = Limit(map, "max", name, scale);
        if (min is { } lo && max is { } hi && lo >= hi)
            errors.Add(map.Find("max")!.Value.Mark, $"axes.{name}.max ({Canonical.Number(hi)}) is not above min ({Canonical.Number(lo)})", "make max larger than min");
        return new AxisStyle(title, min, max);
    }

    double? Limit(MapNode map, string key, string axis, AxisScale scale)
    {
        if (map.Find(key)?.Value is not { } node) return null;
        if (node is not ScalarNode { Plain: true } s || !double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            errors.Add(node.Mark, $"axes.{axis}.{key} must be a number, not {Nodes.Describe(node)}", $"write e.g. `{key}: 0`");
            return null;
        }
        if (scale == AxisScale.Log && value <= 0)
        {
            errors.Add(node.Mark, $"axes.{axis}.{key} is {Canonical.Number(value)} on a log axis, which holds only numbers above 0", $"give a positive {key}, or drop `scale: {{ {axis}: log }}`");
            return null;
        }
        return value;
    }

    int Pixels(MapNode size, string key, int fallback)
    {
        if (size.Find(key)?.Value is not { } node) return fallback;
        if (node is ScalarNode { Plain: true } s && int.TryParse(s.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int pixels)
            && pixels is >= FigureStyle.MinSize and <= FigureStyle.MaxSize) return pixels;
        errors.Add(node.Mark, $"size.{key} must be a whole number of pixels from {FigureStyle.MinSize} to {FigureStyle.MaxSize}, not {Nodes.Describe(node)}",
            $"write e.g. `{key}: {fallback}`");
        return fallback;
    }

    /// <summary>`- { y: EXPRESSION, label: TEXT }` or `- { x: ... }`.</summary>
    ReferenceLine? Reference(Node node, AxisScale xScale, AxisScale yScale, IReadOnlyList<KeyValuePair<string, string>> where)
    {
        if (node is not MapNode map)
        {
            errors.Add(node.Mark, "a reference line must be a mapping", "write e.g. `- { y: 2 / optimizer.lr, label: 2/η }`");
            return null;
        }
        Nodes.CheckKeys(map, ["x", "y", "label"], "a reference line", errors);
        var (x, y) = (map.Find("x"), map.Find("y"));
        if ((x is null) == (y is null))
        {
            errors.Add(map.Mark, "a reference line sets one of x or y", "write `y: VALUE` for a horizontal line or `x: VALUE` for a vertical one");
            return null;
        }
        var entry = (x ?? y)!;
        char axis = x is not null ? 'x' : 'y';
        string? label = Nodes.Text(map, "label", errors);
        if (entry.Value is not ScalarNode { IsNull: false } text)
        {
            errors.Add(entry.Value.Mark, $"reference {axis} must be a number or an expression of config values", "write e.g. `2 / optimizer.lr` or `1`");
            return null;
        }
        var (expression, problems) = ExpressionParser.Parse(text.Text);
        foreach (var p in problems) errors.Add(text.MarkAt(p.At), $"reference {axis}: {p.Problem}", p.Fix);
        if (expression is null) return null;
        int before = errors.Count;
        var selected = trials.Selected(where).ToList();
        foreach (var name in expression.Names())
        {
            var values = selected.Select(p => Canonical.At(p, name.Text)).ToList();
            if (values.Count > 0 && values.All(v => v is JsonValue value && value.GetValueKind() == JsonValueKind.Number)) continue;
            var numeric = trials.Known().Where(path => selected.Count > 0 && selected.All(p => Canonical.At(p, path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number));
            errors.Add(text.MarkAt(name.At), $"reference {axis}: '{Nodes.Describe(name.Text)}' is not a number in every trial of the figure",
                DidYouMean.Allowed(name.Text, [.. numeric], "numeric config paths (a reference line reads the config, not metrics)"));
        }
        if (errors.Count > before) return null;
        // Every value it takes must be drawable: a finite number, and above 0 on a log axis.
        var scale = axis == 'x' ? xScale : yScale;
        foreach (var point in selected)
        {
            double v = expression.Evaluate(n => Canonical.At(point, n)!.GetValue<double>());
            if (double.IsFinite(v) && (scale == AxisScale.Linear || v > 0)) continue;
            errors.Add(text.Mark, $"reference {axis} = {expression} is {Canonical.Number(v)} in a trial of the figure, which cannot be drawn{(scale == AxisScale.Log ? " on a log axis" : "")}",
                "give an expression whose value is a finite number" + (scale == AxisScale.Log ? " above 0" : ""));
            return null;
        }
        return new ReferenceLine(axis, expression, label);
    }
}
