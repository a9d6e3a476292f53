using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Repro.Core.Figures;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec;

// Claims and figures: bound after the trials, because their filters and series name trial paths.
public sealed partial class SpecBinder
{
    [GeneratedRegex(@"^\s*(<=|>=|<|>)\s*(\S+)\s*$")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"^step\s+(\d+)$")]
    private static partial Regex StepAt();

    ClaimSpec? BindClaim(Node node, IReadOnlyList<string> metrics, IReadOnlyList<JsonObject> points, IReadOnlyList<long> seeds)
    {
        if (node is not MapNode map)
        {
            Error(node.Mark, "a claim must be a mapping", "write `- { id: ..., metric: ..., expect: \"< 1e-6\" }`");
            return null;
        }
        CheckKeys(map, ClaimKeys, "a claim");
        int before = errors.Count;
        string id = RequiredId(map, "claim");
        string metric = RequiredMetric(map, metrics, "claim");

        var where = new List<KeyValuePair<string, string>>();
        if (map.Find("where") is { } whereEntry)
        {
            if (whereEntry.Value is not MapNode whereMap)
                Error(whereEntry.Value.Mark, "where must be a mapping of dotted paths to values", "write e.g. `where: { init.kind: zeros }`");
            else
            {
                foreach (var e in whereMap.Entries)
                {
                    if (e.Value is not ScalarNode v || v.IsNull)
                    {
                        Error(e.Value.Mark, $"where value for '{e.Key.Text}' must be a single value", $"write e.g. `{e.Key.Text}: some-value`");
                        continue;
                    }
                    CheckWhere(e.Key, v, points, seeds);
                    where.Add(new(e.Key.Text, v.Text));
                }
            }
        }

        var at = new ClaimAt(AtKind.Final);
        if (map.Find("at")?.Value is { } atNode)
        {
            string text = (atNode as ScalarNode)?.Text ?? "";
            if (text is "final" or "min" or "max") at = new ClaimAt(Enum.Parse<AtKind>(text, ignoreCase: true));
            else if (StepAt().Match(text) is { Success: true } m && long.TryParse(m.Groups[1].Value, out long step))
            {
                at = new ClaimAt(AtKind.Step, step);
                if (points.FirstOrDefault(p => !IsRecorded(p, step)) is { } point)
                    Error(atNode.Mark, $"step {step} is not a recorded step (train.steps = {Canonical.At(point, "train.steps")}, log_every = {Canonical.At(point, "train.log_every")})",
                        "use 0, a multiple of train.log_every, or the last step");
            }
            else Error(atNode.Mark, $"unknown at {Describe(atNode)}", "allowed: final, min, max, step N (a recorded step)");
        }

        Expectation? expect = null;
        if (map.Find("expect")?.Value is not { } expectNode)
            Error(map.Mark, "a claim needs `expect:`", "write e.g. `expect: \"< 1e-6\"`");
        else if (expectNode is ScalarNode es && Comparison().Match(es.Text) is { Success: true } cm
                 && double.TryParse(cm.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double bound) && double.IsFinite(bound))
            expect = new Expectation(cm.Groups[1].Value, bound);
        else
            Error(expectNode.Mark, $"expect must compare with a number, got {Describe(expectNode)}", "write e.g. `expect: \"< 1e-6\"` (operators: <, <=, >, >=)");

        // Without `reduce:`, take the value that is hardest to satisfy: the max for an upper bound, the min for a lower one.
        string reduce = expect?.Op is ">" or ">=" ? "min" : "max";
        if (map.Find("reduce")?.Value is { } reduceNode)
        {
            if (reduceNode is ScalarNode rs && Reducers.Contains(rs.Text)) reduce = rs.Text;
            else Error(reduceNode.Mark, $"unknown reduce {Describe(reduceNode)}", DidYouMean.Allowed((reduceNode as ScalarNode)?.Text ?? "", Reducers));
        }

        return errors.Count > before || expect is null ? null : new ClaimSpec(id, map.Mark, where, metric, at, reduce, expect);
    }

    void CheckWhere(ScalarNode key, ScalarNode value, IReadOnlyList<JsonObject> points, IReadOnlyList<long> seeds)
    {
        if (key.Text == "seed")
        {
            if (!seeds.Any(s => Matches(JsonValue.Create(s), value.Text)))
                Error(value.Mark, $"where seed = {value.Text} matches no trial", $"seeds in this spec: {string.Join(", ", seeds)}");
            return;
        }
        var present = points.Select(p => Canonical.At(p, key.Text)).Where(v => v is not null and not JsonObject).ToList();
        if (present.Count == 0)
        {
            var paths = KnownPaths(points);
            Error(key.Mark, $"where path '{key.Text}' does not exist", DidYouMean.Allowed(key.Text, paths, "paths"));
        }
        else if (!present.Any(v => Matches(v, value.Text)))
            Error(value.Mark, $"where {key.Text} = {value.Text} matches no trial",
                $"values of {key.Text} in this spec: {string.Join(", ", present.Select(Canonical.Text).Distinct())}");
    }

    static bool IsRecorded(JsonObject point, long step)
    {
        long steps = Canonical.At(point, "train.steps")!.GetValue<long>();
        long every = Canonical.At(point, "train.log_every")!.GetValue<long>();
        return step <= steps && (step % every == 0 || step == steps);
    }

    /// <summary>True when a canonical value equals a YAML scalar: numerically for numbers, textually otherwise.</summary>
    public static bool Matches(JsonNode? value, string text)
    {
        string actual = Canonical.Text(value);
        if (double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double b))
            return a == b;
        return actual == text;
    }

    FigureSpec? BindFigure(Node node, string specTitle, IReadOnlyList<string> metrics, IReadOnlyList<JsonObject> points)
    {
        if (node is not MapNode map)
        {
            Error(node.Mark, "a figure must be a mapping", "write `- { id: ..., y: <metric> }`");
            return null;
        }
        CheckKeys(map, FigureKeys, "a figure");
        int before = errors.Count;
        string id = RequiredId(map, "figure");
        string y = RequiredMetric(map, metrics, "figure", key: "y");
        string title = BindText(map, "title") ?? specTitle;

        string x = "step";
        if (map.Find("x")?.Value is { } xNode && (xNode as ScalarNode)?.Text != "step")
            Error(xNode.Mark, $"unsupported x {Describe(xNode)}", "allowed: step");

        string? series = null;
        if (map.Find("series")?.Value is { } seriesNode)
        {
            if (seriesNode is ScalarNode ss && !ss.IsNull)
            {
                series = ss.Text;
                if (series != "seed" && points.All(p => Canonical.At(p, series) is null))
                {
                    var paths = KnownPaths(points);
                    Error(ss.Mark, $"series path '{series}' does not exist", DidYouMean.Allowed(series, paths, "paths"));
                }
            }
            else Error(seriesNode.Mark, "series must be a dotted path", "write e.g. `series: init.kind`");
        }

        AxisScale xs = AxisScale.Linear, ys = AxisScale.Linear;
        if (map.Find("scale")?.Value is { } scaleNode)
        {
            if (scaleNode is not MapNode scaleMap) Error(scaleNode.Mark, "scale must be a mapping", "write e.g. `scale: { y: log }`");
            else
            {
                CheckKeys(scaleMap, ["x", "y"], "scale");
                xs = Scale(scaleMap.Find("x")?.Value);
                ys = Scale(scaleMap.Find("y")?.Value);
            }
        }
        return errors.Count > before ? null : new FigureSpec(id, map.Mark, title, x, y, series, xs, ys);
    }

    AxisScale Scale(Node? node)
    {
        if (node is null) return AxisScale.Linear;
        if (node is ScalarNode { Text: "linear" or "log" } s) return s.Text == "log" ? AxisScale.Log : AxisScale.Linear;
        Error(node.Mark, $"unknown scale {Describe(node)}", "allowed: linear, log");
        return AxisScale.Linear;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex SafeId();

    string RequiredId(MapNode map, string what)
    {
        if (map.Find("id")?.Value is ScalarNode { IsNull: false } s)
        {
            if (!SafeId().IsMatch(s.Text))
                Error(s.Mark, $"{what} id '{s.Text}' is not a safe name", "use lowercase letters, digits, '-' and '_' only, at most 64 characters");
            return s.Text;
        }
        Error(map.Mark, $"a {what} needs an `id:`", $"add e.g. `id: my-{what}`");
        return "";
    }

    string RequiredMetric(MapNode map, IReadOnlyList<string> metrics, string what, string key = "metric")
    {
        if (map.Find(key)?.Value is not { } node)
        {
            Error(map.Mark, $"a {what} needs `{key}:`", DidYouMean.Allowed("", metrics, "recorded metrics"));
            return "";
        }
        string name = (node as ScalarNode)?.Text ?? "";
        if (!metrics.Contains(name))
        {
            bool known = catalog.Metrics.Any(m => m.Name == name);
            Error(node.Mark, known ? $"metric '{name}' is not recorded by this spec" : $"unknown metric {Describe(node)}",
                known ? $"add {name} to `metrics:`" : DidYouMean.Allowed(name, metrics, "recorded metrics"));
        }
        return name;
    }
}
