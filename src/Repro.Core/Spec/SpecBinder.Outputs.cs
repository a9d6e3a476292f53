using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Repro.Core.Figures;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec;

// Claims and figures: bound after the trials, because their filters and series name trial paths.
public sealed partial class SpecBinder
{
    [GeneratedRegex(@"^\s*(?<op><=|>=|==|<|>)\s*(?:(?<number>[-+0-9.eE]+)\s*(?:\*\s*)?)?(?:(?<metric>[a-z_][a-z0-9_]*)(?:\s+at\s+(?<at>final|min|max|step\s+\d+))?)?\s*$")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"^step\s+(\d+)$")]
    private static partial Regex StepAt();

    [GeneratedRegex(@"^first\s+(?<metric>[a-z_][a-z0-9_]*)\s*(?<op><=|>=|==|<|>)\s*(?<number>\S+)$")]
    private static partial Regex FirstAt();

    [GeneratedRegex(@"^quantile\s+(?<q>\S+)$")]
    private static partial Regex QuantileReducer();

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
        string metric = map.Find("metric")?.Value is ScalarNode { Text: ClaimSpec.StepMetric } ? ClaimSpec.StepMetric : RequiredMetric(map, metrics, "claim");

        var where = BindWhere(map, points, seeds);

        var at = map.Find("at")?.Value is { } atNode ? BindAt((atNode as ScalarNode)?.Text ?? "", atNode, points, metrics) : new ClaimAt(AtKind.Final);
        if (metric == ClaimSpec.StepMetric && at.Kind != AtKind.First)
            Error(map.Find("metric")!.Value.Mark, "metric `step` measures when something happened, so it needs `at: first METRIC OP NUMBER`",
                "add e.g. `at: first train_accuracy >= 0.99`, or use a recorded metric");

        Expectation? expect = null;
        Monotone? monotone = null;
        var expectNode = map.Find("expect")?.Value;
        var monotoneNode = map.Find("monotone")?.Value;
        if (expectNode is null == monotoneNode is null)
            Error(map.Mark, "a claim needs exactly one of `expect:` and `monotone:`",
                "write e.g. `expect: \"< 1e-6\"`, `expect: \"< 0.5 * other_metric\"` or `monotone: increasing in init.scale`");
        else if (expectNode is not null)
            expect = BindExpect(expectNode, metrics, points);
        else
            monotone = BindMonotone(monotoneNode!, points);

        var tolerance = map.Find("tolerance")?.Value is { } toleranceNode ? BindTolerance(toleranceNode) : null;
        if (expect is { Op: "==" } && tolerance is null)
            Error(expectNode!.Mark, "`==` compares floating-point results, so it needs a tolerance", "add e.g. `tolerance: { rel: 1e-3 }` or `tolerance: { abs: 1e-9 }`");

        // Without `reduce:`, take the value that is hardest to satisfy: the max for an upper bound, the min
        // for a lower one, every trial for `==`; a trend across a sweep compares medians over seeds.
        var reduce = new Reducer(monotone is not null ? "median" : expect?.Op switch { ">" or ">=" => "min", "==" => "all", _ => "max" });
        if (map.Find("reduce")?.Value is { } reduceNode)
        {
            reduce = BindReducer(reduceNode) ?? reduce;
            if (monotone is not null && reduce.IsVote)
                Error(reduceNode.Mark, $"a trend compares one number per value of {monotone.Path}, so it cannot use reduce {reduce}",
                    "use max, min, mean, median or quantile Q");
        }

        return errors.Count > before || (expect is null && monotone is null) ? null : new ClaimSpec(id, map.Mark, where, metric, at, reduce, expect, monotone, tolerance);
    }

    Reducer? BindReducer(Node node)
    {
        string text = (node as ScalarNode)?.Text.Trim() ?? "";
        if (text is "max" or "min" or "mean" or "median" or "all" or "any") return new Reducer(text);
        if (QuantileReducer().Match(text) is { Success: true } m)
        {
            if (double.TryParse(m.Groups["q"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double q) && q is >= 0 and <= 1)
                return new Reducer("quantile", q);
            Error(node.Mark, $"quantile {m.Groups["q"].Value} is not a number between 0 and 1", "write e.g. `reduce: quantile 0.9`");
            return null;
        }
        Error(node.Mark, $"unknown reduce {Describe(node)}", DidYouMean.Allowed(text, ["max", "min", "mean", "median", "quantile Q", "all", "any"]));
        return null;
    }

    Tolerance? BindTolerance(Node node)
    {
        const string fix = "write e.g. `tolerance: { abs: 1e-9, rel: 1e-3 }` (each a number >= 0; either may be left out)";
        if (node is not MapNode map)
        {
            Error(node.Mark, "tolerance must be a mapping", fix);
            return null;
        }
        CheckKeys(map, ["abs", "rel"], "tolerance");
        double Part(string key)
        {
            if (map.Find(key)?.Value is not { } value) return 0;
            if (value is ScalarNode s && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) && d >= 0)
                return d;
            Error(value.Mark, $"tolerance {key} must be a number >= 0, got {Describe(value)}", fix);
            return 0;
        }
        if (map.Entries.Count == 0) Error(map.Mark, "tolerance is empty", fix);
        return new Tolerance(Part("abs"), Part("rel"));
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

    /// <summary>`where:` — dotted path (or seed) → value; every pair must match some trial.</summary>
    List<KeyValuePair<string, string>> BindWhere(MapNode map, IReadOnlyList<JsonObject> points, IReadOnlyList<long> seeds)
    {
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
        return where;
    }

    ClaimAt BindAt(string text, Node node, IReadOnlyList<JsonObject> points, IReadOnlyList<string>? metrics = null)
    {
        text = text.Trim();
        if (text is "final" or "min" or "max") return new ClaimAt(Enum.Parse<AtKind>(text, ignoreCase: true));
        if (metrics is not null && FirstAt().Match(text) is { Success: true } first)
        {
            string name = first.Groups["metric"].Value;
            if (!metrics.Contains(name))
                Error(node.Mark, $"at: first ... looks at '{name}', which this spec does not record", DidYouMean.Allowed(name, metrics, "recorded metrics"));
            if (!double.TryParse(first.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                Error(node.Mark, $"at: first ... compares with '{first.Groups["number"].Value}', which is not a number", "write e.g. `at: first train_accuracy >= 0.99`");
            return new ClaimAt(AtKind.First, When: new Condition(name, first.Groups["op"].Value, value));
        }
        if (StepAt().Match(text) is { Success: true } m && long.TryParse(m.Groups[1].Value, out long step))
        {
            if (points.FirstOrDefault(p => !IsRecorded(p, step)) is { } point)
                Error(node.Mark, $"step {step} is not a recorded step (train.steps = {Canonical.At(point, "train.steps")}, log_every = {Canonical.At(point, "train.log_every")})",
                    "use 0, a multiple of train.log_every, or the last step");
            return new ClaimAt(AtKind.Step, step);
        }
        Error(node.Mark, $"unknown at '{text}'", metrics is null
            ? "allowed: final, min, max, step N (a recorded step)"
            : "allowed: final, min, max, step N (a recorded step), first METRIC OP NUMBER (e.g. `first train_accuracy >= 0.99`)");
        return new ClaimAt(AtKind.Final);
    }

    /// <summary>`"&lt; 1e-6"`, or `"&lt; 0.5 * other_metric [at step N]"`: the claim's metric over another's, per trial.</summary>
    Expectation? BindExpect(Node node, IReadOnlyList<string> metrics, IReadOnlyList<JsonObject> points)
    {
        const string fix = "write e.g. `expect: \"< 1e-6\"` or `expect: \"< 0.5 * dist_to_min_norm at step 100\"` (operators: <, <=, >, >=, ==)";
        if (node is not ScalarNode s || Comparison().Match(s.Text) is not { Success: true } m)
        {
            Error(node.Mark, $"expect must be a comparison, got {Describe(node)}", fix);
            return null;
        }
        string op = m.Groups["op"].Value;
        if (!m.Groups["metric"].Success)
        {
            if (double.TryParse(m.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double bound) && double.IsFinite(bound))
                return new Expectation(op, bound);
            Error(node.Mark, $"expect must compare with a number or a metric, got {Describe(node)}", fix);
            return null;
        }
        double factor = 1;
        if (m.Groups["number"].Success && !(double.TryParse(m.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out factor) && double.IsFinite(factor) && factor > 0))
        {
            Error(node.Mark, $"the factor in {Describe(node)} must be a positive number", fix);
            return null;
        }
        string other = m.Groups["metric"].Value;
        if (!metrics.Contains(other))
        {
            Error(node.Mark, $"expect compares with '{other}', which this spec does not record", DidYouMean.Allowed(other, metrics, "recorded metrics"));
            return null;
        }
        var otherAt = m.Groups["at"].Success ? BindAt(m.Groups["at"].Value, node, points) : null;
        return new Expectation(op, factor, other, otherAt);
    }

    [GeneratedRegex(@"^(increasing|decreasing)\s+in\s+(\S+)$")]
    private static partial Regex MonotoneForm();

    Monotone? BindMonotone(Node node, IReadOnlyList<JsonObject> points)
    {
        if (node is not ScalarNode s || MonotoneForm().Match(s.Text.Trim()) is not { Success: true } m)
        {
            Error(node.Mark, $"monotone must read `increasing in PATH` or `decreasing in PATH`, got {Describe(node)}", "write e.g. `monotone: increasing in init.scale`");
            return null;
        }
        string path = m.Groups[2].Value;
        var values = points.Select(p => Canonical.At(p, path)).Where(v => v is JsonValue).Select(Canonical.Text).Distinct().ToList();
        if (values.Count < 2)
        {
            Error(node.Mark, values.Count == 0 ? $"path '{path}' does not exist" : $"'{path}' takes a single value in this spec",
                values.Count == 0 ? DidYouMean.Allowed(path, KnownPaths(points), "paths") : "sweep it over at least two values");
            return null;
        }
        if (values.Any(v => !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            Error(node.Mark, $"'{path}' has values that are not numbers ({string.Join(", ", values)})", "a trend needs a numeric sweep path");
            return null;
        }
        return new Monotone(m.Groups[1].Value == "increasing", path);
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

    FigureSpec? BindFigure(Node node, string specTitle, IReadOnlyList<string> metrics, IReadOnlyList<JsonObject> points, IReadOnlyList<long> seeds)
    {
        if (node is not MapNode map)
        {
            Error(node.Mark, "a figure must be a mapping", "write `- { id: ..., y: <metric> }`");
            return null;
        }
        CheckKeys(map, FigureKeys, "a figure");
        int before = errors.Count;
        string id = RequiredId(map, "figure");
        var kind = BindFigureKind(map);
        var y = BindFigureY(map, metrics);
        var where = BindWhere(map, points, seeds);
        string title = BindText(map, "title") ?? specTitle;

        // x: `step` (lines over training), a recorded metric (one against another along training),
        // or a swept path (final values against the sweep).
        var xKind = FigureX.Step;
        string x = "step";
        var xNode = map.Find("x")?.Value;
        if (xNode is not null)
        {
            x = (xNode as ScalarNode)?.Text ?? "";
            if (x == "step") { }
            else if (metrics.Contains(x)) xKind = FigureX.Metric;
            else if (points.Select(p => Canonical.At(p, x)).Any(v => v is JsonValue)) xKind = FigureX.Path;
            else Error(xNode.Mark, $"unknown x {Describe(xNode)}", DidYouMean.Allowed(x, [.. KnownPaths(points).Where(p => p != "seed").Prepend("step").Concat(metrics)], "allowed: step, a recorded metric or a swept path"));
        }

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
        Node? xScaleNode = null;
        if (map.Find("scale")?.Value is { } scaleNode)
        {
            if (scaleNode is not MapNode scaleMap) Error(scaleNode.Mark, "scale must be a mapping", "write e.g. `scale: { y: log }`");
            else
            {
                CheckKeys(scaleMap, ["x", "y"], "scale");
                xScaleNode = scaleMap.Find("x")?.Value;
                xs = Scale(xScaleNode);
                ys = Scale(scaleMap.Find("y")?.Value);
            }
        }
        if (errors.Count == before && kind is { } k)
            CheckFigureKind(k, map, xNode, xKind, x, xs, xScaleNode, points);
        return errors.Count > before || kind is null ? null : new FigureSpec(id, map.Mark, kind.Value, title, where, xKind, x, y, series, xs, ys);
    }

    FigureKind? BindFigureKind(MapNode map)
    {
        if (map.Find("kind")?.Value is not { } node) return FigureKind.Line;
        if (node is ScalarNode s && FigureKinds.Contains(s.Text)) return Enum.Parse<FigureKind>(s.Text, ignoreCase: true);
        Error(node.Mark, $"unknown figure kind {Describe(node)}", DidYouMean.Allowed((node as ScalarNode)?.Text ?? "", FigureKinds));
        return null;
    }

    /// <summary>
    /// What x can be depends on the kind: a scatter plots each trial's final values, so x is a recorded metric or a
    /// numeric swept path; a bar chart's categories are the values of a swept path, so x is that path, on a linear axis.
    /// </summary>
    void CheckFigureKind(FigureKind kind, MapNode map, Node? xNode, FigureX xKind, string x, AxisScale xScale, Node? xScaleNode, IReadOnlyList<JsonObject> points)
    {
        var mark = (xNode ?? map).Mark;
        switch (kind)
        {
            case FigureKind.Scatter when xKind == FigureX.Step:
                Error(mark, xNode is null
                        ? "a scatter figure needs `x:`: it plots final values, one marker per trial, not curves over steps"
                        : "x = step does not fit a scatter figure, which plots final values, one marker per trial",
                    "set `x:` to a recorded metric or a numeric swept path (e.g. `x: init.value`), or use `kind: line` for curves over training");
                break;
            case FigureKind.Scatter when xKind == FigureX.Path && NonNumeric(points, x) is { Count: > 0 } words:
                Error(mark, $"x = {x} of a scatter figure has values that are not numbers ({string.Join(", ", words)})",
                    "use `kind: bar` to compare the values of a non-numeric path, or a numeric path as x");
                break;
            case FigureKind.Bar when xKind != FigureX.Path:
                Error(mark, xNode is null
                        ? "a bar figure needs `x:`, a swept path whose values are the categories"
                        : $"a bar figure needs a swept path as x (its values are the categories), got {(xKind == FigureX.Metric ? "the metric " : "")}{x}",
                    "set e.g. `x: optimizer.kind`; for one metric against another use `kind: scatter`, for curves over training `kind: line`");
                break;
            case FigureKind.Bar when xScale == AxisScale.Log:
                Error(xScaleNode!.Mark, "scale x: log does not apply to a bar figure, whose x axis holds categories",
                    "remove `x: log` from `scale:` (a log y axis is allowed: `scale: { y: log }`)");
                break;
        }
    }

    static List<string> NonNumeric(IReadOnlyList<JsonObject> points, string path) =>
        points.Select(p => Canonical.At(p, path)).Where(v => v is JsonValue).Select(Canonical.Text).Distinct()
            .Where(t => !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).ToList();

    /// <summary>`y:` is one metric, or a list of metrics drawn as separate lines.</summary>
    List<string> BindFigureY(MapNode map, IReadOnlyList<string> metrics)
    {
        if (map.Find("y")?.Value is SeqNode seq)
        {
            var names = new List<string>();
            foreach (var item in seq.Items)
            {
                string name = (item as ScalarNode)?.Text ?? "";
                if (metrics.Contains(name)) names.Add(name);
                else Error(item.Mark, $"unknown y {Describe(item)}", DidYouMean.Allowed(name, metrics, "recorded metrics"));
            }
            if (seq.Items.Count == 0) Error(seq.Mark, "y lists no metric", DidYouMean.Allowed("", metrics, "recorded metrics"));
            return names;
        }
        return [RequiredMetric(map, metrics, "figure", key: "y")];
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
