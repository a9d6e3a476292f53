using System.Globalization;
using System.Text.RegularExpressions;
using Repro.Core.Catalog;
using Repro.Core.Claims;
using Repro.Core.Claims.Reducers;
using Repro.Core.Spec.Forms;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// Binds `claims:` after the trials, because a claim's filter, `at:` and trend name trial paths and steps. The forms
/// each key accepts, how each parses and what it means are in Claims/ (<see cref="ClaimForms"/>); this class reads
/// the keys, hands each value to its form and checks how the keys combine; `compare:` and `scaling:` are bound in
/// ClaimBinder.Measures.cs.
/// </summary>
sealed partial class ClaimBinder(KindCatalog catalog, TrialPaths trials, SpecErrors errors)
{
    public static readonly string[] Keys = ["id", "where", "metric", "at", "reduce", "expect", "monotone", "tolerance", "compare", "as", "scaling"];

    // `< 1e-6`, or `< 0.5 * other [at POSITION]`; the operators and positions are the registered ones.
    static readonly Regex ExpectForm = new(
        $@"^\s*(?<op>{ClaimForms.Expect.Alternation()})\s*(?:(?<number>[-+0-9.eE]+)\s*(?:\*\s*)?)?(?:(?<metric>{FormInput.MetricPattern})(?:\s+at\s+(?<at>{ClaimForms.At.Alternation(a => a.InRatio)}))?)?\s*\z");

    static readonly Regex MonotoneForm = new($@"^(?<direction>\S+)\s+in\s+(?<path>\S+)\z");

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
        selected = where;

        // An `at:` that did not parse has been reported; it is not also blamed for metric `step`.
        var atNode = map.Find("at")?.Value;
        var at = atNode is not null ? BindForm(ClaimForms.At, atNode) : ClaimForms.At.Default;
        if (metric == ClaimSpec.StepMetric && at is { FindsStep: false, MeasuresSteps: false })
            errors.Add(map.Find("metric")!.Value.Mark, $"metric `step` measures when something happened (or for how long), so it needs {string.Join(" or ", ClaimForms.At.Where(a => a.FindsStep || a.MeasuresSteps).Select(a => $"`at: {a.Syntax}`"))}",
                "add e.g. `at: first train_accuracy >= 0.99`, or use a recorded metric");
        if (at is { MeasuresSteps: true } && trials.Metrics.Contains(metric))
            errors.Add(atNode!.Mark, $"at {at.Name} ... measures how many steps a condition held, not a value of {metric}", "write `metric: step`");

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

        var (measure, units) = BindMeasure(map, atNode, expectNode, expect, monotoneNode);

        var tolerance = map.Find("tolerance")?.Value is { } toleranceNode ? BindTolerance(toleranceNode) : null;
        if (expect is { Compare.NeedsTolerance: true } && tolerance is null)
            errors.Add(expectNode!.Mark, $"`{expect.Op}` compares floating-point results, so it needs a tolerance", "add e.g. `tolerance: { rel: 1e-3 }` or `tolerance: { abs: 1e-9 }`");

        // Without `reduce:`, the form decides: the value hardest to satisfy for a bound, medians over seeds for a trend.
        var reduce = monotone?.Direction.DefaultReduce ?? expect?.Compare.DefaultReduce ?? new Max();
        if (map.Find("reduce")?.Value is { } reduceNode)
        {
            reduce = BindForm(ClaimForms.Reduce, reduceNode) ?? reduce;
            if (monotone is not null && reduce is not Statistic)
                errors.Add(reduceNode.Mark, $"a trend compares one number per value of {monotone.Path}, so it cannot use reduce {reduce}",
                    $"use a statistic: {ClaimForms.Reduce.Syntaxes(r => r is Statistic)}");
        }

        if (reduce is AtLeastOf vote && map.Find("reduce")?.Value is { } voteNode && errors.Count == before)
        {
            // A measure's vote counts its units (pairs, series), not the trials they are made of.
            int voters = measure is null ? trials.Count(where) : units;
            string noun = measure is null ? "trials" : "units";
            string selects = measure is null ? $"selects {voters}" : $"measures {measure.Count(voters)}";
            if (vote.N is { } n && n != voters)
                errors.Add(voteNode.Mark, $"reduce {vote} counts {n} {noun}, but this claim {selects}",
                    $"write `at-least {vote.K} of {voters}`, or change `where:`");
            else if (vote.K > voters)
                errors.Add(voteNode.Mark, $"reduce {vote} asks {vote.K} {noun} to hold, but this claim {selects}",
                    $"ask for at most {voters}");
        }

        return errors.Count > before || at is null || (expect is null && monotone is null) ? null
            : new ClaimSpec(id, map.Mark, where, metric, at, reduce, expect, monotone, tolerance, measure);
    }

    /// <summary>
    /// `reduce:` and `at:` values: NAME [ARGUMENT]. The name picks the registered form (or fails with the known ones and
    /// a did-you-mean); the form parses the rest.
    /// </summary>
    T? BindForm<T>(FormRegistry<T> forms, Node node) where T : class, ISpecForm, IFormParser<T>
    {
        string text = (node as ScalarNode)?.Text.Trim() ?? "";
        int space = text.IndexOfAny([' ', '\t']);
        string name = space < 0 ? text : text[..space];
        string argument = space < 0 ? "" : text[space..].Trim();
        if (forms.Find(name) is not { } form)
        {
            errors.Add(node.Mark, $"unknown {forms.Key} {Nodes.Describe(node)}", forms.Allowed(name, argument));
            return null;
        }
        var input = new FormInput(forms.Key, name, argument, trials.Metrics, (problem, fix) => errors.Add(node.Mark, problem, fix), NotRecorded);
        return form.Parse(input);
    }

    // The `where:` of the claim being bound: `at: step N` must be recorded by the trials it selects.
    IReadOnlyList<KeyValuePair<string, string>> selected = [];

    string? NotRecorded(long step) => trials.NotRecording(step, selected) is { } point
        ? $"train.steps = {Canonical.At(point, "train.steps")}, log_every = {Canonical.At(point, "train.log_every")}"
        : null;

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

    /// <summary>`"&lt; 1e-6"`, or `"&lt; 0.5 * other_metric [at step N]"`: the claim's metric over another's, per trial.</summary>
    Expectation? BindExpect(Node node)
    {
        string fix = $"write e.g. `expect: \"< 1e-6\"` or `expect: \"< 0.5 * dist_to_min_norm at step 100\"` (operators: {string.Join(", ", ClaimForms.Expect.Names)})";
        if (node is not ScalarNode s || ExpectForm.Match(s.Text) is not { Success: true } m)
        {
            errors.Add(node.Mark, $"expect must be a comparison, got {Nodes.Describe(node)}", fix);
            return null;
        }
        var compare = ClaimForms.Expect.Find(m.Groups["op"].Value)!;
        if (!m.Groups["metric"].Success)
        {
            if (FormInput.TryNumber(m.Groups["number"].Value, out double bound))
                return new Expectation(compare, bound);
            errors.Add(node.Mark, $"expect must compare with a number or a metric, got {Nodes.Describe(node)}", fix);
            return null;
        }
        double factor = 1;
        if (m.Groups["number"].Success && !(FormInput.TryNumber(m.Groups["number"].Value, out factor) && factor > 0))
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
        var otherAt = m.Groups["at"].Success ? BindForm(ClaimForms.At, new ScalarNode(node.Mark, m.Groups["at"].Value, true)) : null;
        return new Expectation(compare, factor, other, otherAt);
    }

    Monotone? BindMonotone(Node node)
    {
        string forms = string.Join(" or ", ClaimForms.Monotone.Select(t => $"`{t.Syntax}`"));
        if (node is not ScalarNode s || MonotoneForm.Match(s.Text.Trim()) is not { Success: true } m)
        {
            errors.Add(node.Mark, $"monotone must read {forms}, got {Nodes.Describe(node)}", "write e.g. `monotone: increasing in init.scale`");
            return null;
        }
        string word = m.Groups["direction"].Value, path = m.Groups["path"].Value;
        if (ClaimForms.Monotone.Find(word) is not { } direction)
        {
            errors.Add(node.Mark, $"unknown monotone direction '{Nodes.Describe(word)}'", ClaimForms.Monotone.Allowed(word, $"in {path}"));
            return null;
        }
        if (!IsSwept(node.Mark, path)) return null;
        if (trials.NonNumeric(path).Count > 0)
        {
            errors.Add(node.Mark, $"'{path}' has values that are not numbers ({string.Join(", ", trials.Values(path))})", "a trend needs a numeric sweep path");
            return null;
        }
        return new Monotone(direction, path);
    }

    /// <summary>Whether a path takes two values or more across the sweep; else reports why not at <paramref name="mark"/>.</summary>
    bool IsSwept(Mark mark, string path)
    {
        var values = trials.Values(path);
        if (values.Count >= 2) return true;
        errors.Add(mark, values.Count == 0 ? $"path '{path}' does not exist" : $"'{path}' takes a single value in this spec",
            values.Count == 0 ? DidYouMean.Allowed(path, trials.Known(), "paths") : "sweep it over at least two values");
        return false;
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
