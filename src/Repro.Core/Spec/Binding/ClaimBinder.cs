using System.Globalization;
using System.Text.RegularExpressions;
using Repro.Core.Catalog;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>Binds `claims:` after the trials, because a claim's filter, `at:` and trend name trial paths and steps.</summary>
sealed partial class ClaimBinder(KindCatalog catalog, TrialPaths trials, SpecErrors errors)
{
    public static readonly string[] Keys = ["id", "where", "metric", "at", "reduce", "expect", "monotone", "tolerance"];

    [GeneratedRegex(@"^\s*(?<op><=|>=|==|<|>)\s*(?:(?<number>[-+0-9.eE]+)\s*(?:\*\s*)?)?(?:(?<metric>[a-z_][a-z0-9_]*)(?:\s+at\s+(?<at>final|min|max|step\s+\d+))?)?\s*\z")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"^step\s+(\d+)\z")]
    private static partial Regex StepAt();

    [GeneratedRegex(@"^first\s+(?<metric>[a-z_][a-z0-9_]*)\s*(?<op><=|>=|==|<|>)\s*(?<number>\S+)\z")]
    private static partial Regex FirstAt();

    [GeneratedRegex(@"^quantile\s+(?<q>\S+)\z")]
    private static partial Regex QuantileReducer();

    [GeneratedRegex(@"^(increasing|decreasing)\s+in\s+(\S+)\z")]
    private static partial Regex MonotoneForm();

    public ClaimSpec? Bind(Node node)
    {
        if (node is not MapNode map)
        {
            errors.Add(node.Mark, "a claim must be a mapping", "write `- { id: ..., metric: ..., expect: \"< 1e-6\" }`");
            return null;
        }
        Nodes.CheckKeys(map, Keys, "a claim", errors);
        int before = errors.Count;
        string id = Nodes.RequiredId(map, "claim", errors);
        string metric = map.Find("metric")?.Value is ScalarNode { Text: ClaimSpec.StepMetric } ? ClaimSpec.StepMetric : RequiredMetric(catalog, trials.Metrics, map, "claim", errors);

        var where = trials.BindWhere(map, errors);

        var at = map.Find("at")?.Value is { } atNode ? BindAt((atNode as ScalarNode)?.Text ?? "", atNode, allowFirst: true) : new ClaimAt(AtKind.Final);
        if (metric == ClaimSpec.StepMetric && at.Kind != AtKind.First)
            errors.Add(map.Find("metric")!.Value.Mark, "metric `step` measures when something happened, so it needs `at: first METRIC OP NUMBER`",
                "add e.g. `at: first train_accuracy >= 0.99`, or use a recorded metric");

        Expectation? expect = null;
        Monotone? monotone = null;
        var expectNode = map.Find("expect")?.Value;
        var monotoneNode = map.Find("monotone")?.Value;
        if (expectNode is null == monotoneNode is null)
            errors.Add(map.Mark, "a claim needs exactly one of `expect:` and `monotone:`",
                "write e.g. `expect: \"< 1e-6\"`, `expect: \"< 0.5 * other_metric\"` or `monotone: increasing in init.scale`");
        else if (expectNode is not null)
            expect = BindExpect(expectNode);
        else
            monotone = BindMonotone(monotoneNode!);

        var tolerance = map.Find("tolerance")?.Value is { } toleranceNode ? BindTolerance(toleranceNode) : null;
        if (expect is { Op: "==" } && tolerance is null)
            errors.Add(expectNode!.Mark, "`==` compares floating-point results, so it needs a tolerance", "add e.g. `tolerance: { rel: 1e-3 }` or `tolerance: { abs: 1e-9 }`");

        // Without `reduce:`, take the value that is hardest to satisfy: the max for an upper bound, the min
        // for a lower one, every trial for `==`; a trend across a sweep compares medians over seeds.
        var reduce = new Reducer(monotone is not null ? "median" : expect?.Op switch { ">" or ">=" => "min", "==" => "all", _ => "max" });
        if (map.Find("reduce")?.Value is { } reduceNode)
        {
            reduce = BindReducer(reduceNode) ?? reduce;
            if (monotone is not null && reduce.IsVote)
                errors.Add(reduceNode.Mark, $"a trend compares one number per value of {monotone.Path}, so it cannot use reduce {reduce}",
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
            errors.Add(node.Mark, $"quantile {Nodes.Describe(m.Groups["q"].Value)} is not a number between 0 and 1", "write e.g. `reduce: quantile 0.9`");
            return null;
        }
        errors.Add(node.Mark, $"unknown reduce {Nodes.Describe(node)}", DidYouMean.Allowed(text, ["max", "min", "mean", "median", "quantile Q", "all", "any"]));
        return null;
    }

    Tolerance? BindTolerance(Node node)
    {
        const string fix = "write e.g. `tolerance: { abs: 1e-9, rel: 1e-3 }` (each a number >= 0; either may be left out)";
        if (node is not MapNode map)
        {
            errors.Add(node.Mark, "tolerance must be a mapping", fix);
            return null;
        }
        Nodes.CheckKeys(map, ["abs", "rel"], "tolerance", errors);
        double Part(string key)
        {
            if (map.Find(key)?.Value is not { } value) return 0;
            if (value is ScalarNode s && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) && d >= 0)
                return d;
            errors.Add(value.Mark, $"tolerance {key} must be a number >= 0, got {Nodes.Describe(value)}", fix);
            return 0;
        }
        if (map.Entries.Count == 0) errors.Add(map.Mark, "tolerance is empty", fix);
        return new Tolerance(Part("abs"), Part("rel"));
    }

    ClaimAt BindAt(string text, Node node, bool allowFirst)
    {
        text = text.Trim();
        if (text is "final" or "min" or "max") return new ClaimAt(Enum.Parse<AtKind>(text, ignoreCase: true));
        if (allowFirst && FirstAt().Match(text) is { Success: true } first)
        {
            string name = first.Groups["metric"].Value;
            if (!trials.Metrics.Contains(name))
                errors.Add(node.Mark, $"at: first ... looks at '{name}', which this spec does not record", DidYouMean.Allowed(name, trials.Metrics, "recorded metrics"));
            if (!double.TryParse(first.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                errors.Add(node.Mark, $"at: first ... compares with '{Nodes.Describe(first.Groups["number"].Value)}', which is not a number", "write e.g. `at: first train_accuracy >= 0.99`");
            return new ClaimAt(AtKind.First, When: new Condition(name, first.Groups["op"].Value, value));
        }
        if (StepAt().Match(text) is { Success: true } m && long.TryParse(m.Groups[1].Value, out long step))
        {
            if (trials.NotRecording(step) is { } point)
                errors.Add(node.Mark, $"step {step} is not a recorded step (train.steps = {Canonical.At(point, "train.steps")}, log_every = {Canonical.At(point, "train.log_every")})",
                    "use 0, a multiple of train.log_every, or the last step");
            return new ClaimAt(AtKind.Step, step);
        }
        errors.Add(node.Mark, $"unknown at '{Nodes.Describe(text)}'", allowFirst
            ? "allowed: final, min, max, step N (a recorded step), first METRIC OP NUMBER (e.g. `first train_accuracy >= 0.99`)"
            : "allowed: final, min, max, step N (a recorded step)");
        return new ClaimAt(AtKind.Final);
    }

    /// <summary>`"&lt; 1e-6"`, or `"&lt; 0.5 * other_metric [at step N]"`: the claim's metric over another's, per trial.</summary>
    Expectation? BindExpect(Node node)
    {
        const string fix = "write e.g. `expect: \"< 1e-6\"` or `expect: \"< 0.5 * dist_to_min_norm at step 100\"` (operators: <, <=, >, >=, ==)";
        if (node is not ScalarNode s || Comparison().Match(s.Text) is not { Success: true } m)
        {
            errors.Add(node.Mark, $"expect must be a comparison, got {Nodes.Describe(node)}", fix);
            return null;
        }
        string op = m.Groups["op"].Value;
        if (!m.Groups["metric"].Success)
        {
            if (double.TryParse(m.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double bound) && double.IsFinite(bound))
                return new Expectation(op, bound);
            errors.Add(node.Mark, $"expect must compare with a number or a metric, got {Nodes.Describe(node)}", fix);
            return null;
        }
        double factor = 1;
        if (m.Groups["number"].Success && !(double.TryParse(m.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out factor) && double.IsFinite(factor) && factor > 0))
        {
            errors.Add(node.Mark, $"the factor in {Nodes.Describe(node)} must be a positive number", fix);
            return null;
        }
        string other = m.Groups["metric"].Value;
        if (!trials.Metrics.Contains(other))
        {
            errors.Add(node.Mark, $"expect compares with '{other}', which this spec does not record", DidYouMean.Allowed(other, trials.Metrics, "recorded metrics"));
            return null;
        }
        var otherAt = m.Groups["at"].Success ? BindAt(m.Groups["at"].Value, node, allowFirst: false) : null;
        return new Expectation(op, factor, other, otherAt);
    }

    Monotone? BindMonotone(Node node)
    {
        if (node is not ScalarNode s || MonotoneForm().Match(s.Text.Trim()) is not { Success: true } m)
        {
            errors.Add(node.Mark, $"monotone must read `increasing in PATH` or `decreasing in PATH`, got {Nodes.Describe(node)}", "write e.g. `monotone: increasing in init.scale`");
            return null;
        }
        string path = m.Groups[2].Value;
        var values = trials.Values(path);
        if (values.Count < 2)
        {
            errors.Add(node.Mark, values.Count == 0 ? $"path '{path}' does not exist" : $"'{path}' takes a single value in this spec",
                values.Count == 0 ? DidYouMean.Allowed(path, trials.Known(), "paths") : "sweep it over at least two values");
            return null;
        }
        if (trials.NonNumeric(path).Count > 0)
        {
            errors.Add(node.Mark, $"'{path}' has values that are not numbers ({string.Join(", ", values)})", "a trend needs a numeric sweep path");
            return null;
        }
        return new Monotone(m.Groups[1].Value == "increasing", path);
    }

    /// <summary>`metric:` (or a figure's `y:`): a metric the spec records.</summary>
    public static string RequiredMetric(KindCatalog catalog, IReadOnlyList<string> metrics, MapNode map, string what, SpecErrors errors, string key = "metric")
    {
        if (map.Find(key)?.Value is not { } node)
        {
            errors.Add(map.Mark, $"a {what} needs `{key}:`", DidYouMean.Allowed("", metrics, "recorded metrics"));
            return "";
        }
        string name = (node as ScalarNode)?.Text ?? "";
        if (!metrics.Contains(name))
        {
            bool known = catalog.Metrics.Any(m => m.Name == name);
            errors.Add(node.Mark, known ? $"metric '{name}' is not recorded by this spec" : $"unknown metric {Nodes.Describe(node)}",
                known ? $"add {name} to `metrics:`" : DidYouMean.Allowed(name, metrics, "recorded metrics"));
        }
        return name;
    }
}
