using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Repro.Core.Catalog;
using Repro.Core.Claims;
using Repro.Core.Derived;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// Binds `derived:`, a mapping of new metric names to expressions over the recorded metrics, `step`, `seed`, numeric
/// config paths and reference scalars. Each error points at the column inside the expression where the problem is.
/// Binding needs the trials (a config path must be a number in every one of them); when they did not bind, paths
/// are left unchecked and everything else is still checked.
/// </summary>
sealed class DerivedBinder(KindCatalog catalog, IReadOnlyList<string> metrics, SpecErrors errors)
{
    const string Example = "write e.g. `derived: { generalization_gap: \"test_loss - train_loss\" }`";

    /// <summary>The most derived metrics a spec may declare: a real spec has a handful; this bounds binding and evaluation.</summary>
    public const int MaxCount = 256;

    /// <summary>
    /// The names `derived:` declares, as far as they are names at all: what claims and figures may name beside the
    /// recorded metrics, even when an expression has an error (which is reported once, at the expression).
    /// </summary>
    public static List<string> Declared(MapEntry? entry, KindCatalog catalog, IReadOnlyList<string> metrics) =>
        entry?.Value is MapNode map ? [.. map.Entries.Select(e => e.Key.Text).Where(n => Problem(n, catalog, metrics) is null)] : [];

    // A metric's name as claims' `at: first NAME ...` and `expect: "< F * NAME"` read one, at most 64 characters as ids are.
    static readonly Regex NamePattern = new($"^(?={FormInput.MetricPattern}\\z).{{1,64}}\\z");

    public List<DerivedMetric> Bind(MapEntry? entry, IReadOnlyList<JsonObject>? points)
    {
        if (entry is null || entry.Value is ScalarNode { IsNull: true }) return [];
        if (entry.Value is not MapNode map)
        {
            errors.Add(entry.Value.Mark, "derived must be a mapping of new metric names to expressions", Example);
            return [];
        }
        if (map.Entries.Count > MaxCount)
        {
            errors.Add(map.Mark, $"derived declares {map.Entries.Count} metrics, more than {MaxCount}", "derive only what claims and figures read");
            return [];
        }
        var declared = Declared(entry, catalog, metrics);
        var bound = new List<(DerivedMetric Metric, ScalarNode Node)>();
        foreach (var e in map.Entries)
        {
            bool named = CheckName(e.Key);
            if (e.Value is not ScalarNode { IsNull: false } s)
            {
                errors.Add(e.Value.Mark, $"derived metric '{Nodes.Describe(e.Key.Text)}' must be an expression, got {Nodes.Describe(e.Value)}", Example);
                continue;
            }
            if (BindOne(e.Key.Text, s, declared, points) is { } metric && named) bound.Add((metric, s));
        }
        CheckCycles(bound);
        return [.. bound.Select(b => b.Metric)];
    }

    /// <summary>What is wrong with a derived metric's name, or null: it must be a name, and a new one.</summary>
    static string? Problem(string name, KindCatalog catalog, IReadOnlyList<string> metrics) =>
        !NamePattern.IsMatch(name) ? $"derived metric name '{Nodes.Describe(name)}' is not a name" :
        metrics.Contains(name) ? $"derived metric '{name}' has the name of a metric this spec records" :
        catalog.Metric(name) is not null ? $"derived metric '{name}' has the name of a metric the engine computes" :
        name is ClaimSpec.StepMetric or "seed" || Functions.Find(name) is not null ? $"derived metric name '{name}' is reserved (it is {(name is "step" or "seed" ? "the trial's " + name : "a function")})" :
        null;

    bool CheckName(ScalarNode key)
    {
        string name = key.Text;
        if (Problem(name, catalog, metrics) is not { } problem) return true;
        errors.Add(key.Mark, problem, NamePattern.IsMatch(name)
            ? $"give it another name, e.g. '{name}_derived'"
            : "use lowercase letters, digits and '_', starting with a letter or '_', at most 64 characters (the names claims and figures read)");
        return false;
    }

    DerivedMetric? BindOne(string name, ScalarNode node, IReadOnlyList<string> declared, IReadOnlyList<JsonObject>? points)
    {
        var (expression, problems) = ExpressionParser.Parse(node.Text);
        foreach (var p in problems) errors.Add(node.MarkAt(p.At), $"derived metric '{name}': {p.Problem}", p.Fix);
        if (expression is null) return null;

        var reads = new Dictionary<string, Source>(StringComparer.Ordinal);
        int before = errors.Count;
        foreach (var use in expression.Names())
        {
            if (Resolve(use.Text, declared, points, out string problem, out string fix) is { } source) reads[use.Text] = source;
            else errors.Add(node.MarkAt(use.At), $"derived metric '{name}': {problem}", fix);
        }
        return errors.Count > before ? null : new DerivedMetric(name, node.Mark, expression, reads);
    }

    Source? Resolve(string text, IReadOnlyList<string> declared, IReadOnlyList<JsonObject>? points, out string problem, out string fix)
    {
        (problem, fix) = ("", "");
        if (text == ClaimSpec.StepMetric) return Source.Step;
        if (text == "seed") return Source.Seed;
        if (metrics.Contains(text) || declared.Contains(text)) return Source.Metric;
        if (catalog.Metric(text) is not null)
        {
            (problem, fix) = ($"metric '{text}' is not recorded by this spec", $"add {text} to `metrics:`");
            return null;
        }
        if (text.StartsWith(DerivedMetric.ReferencePrefix, StringComparison.Ordinal)) return Reference(text, out problem, out fix);
        // A word alone that is no top-level key of the trials (none of which is a number) is a misspelled metric.
        if (!text.Contains('.') && !(points ?? []).Any(p => p.ContainsKey(text)))
        {
            (problem, fix) = ($"unknown name '{Nodes.Describe(text)}'", DidYouMean.Allowed(text, [ClaimSpec.StepMetric, "seed", .. metrics, .. declared], "names"));
            return null;
        }
        if (points is null) return Source.Config; // the trials did not bind: their errors come first
        return Config(text, declared, points, out problem, out fix);
    }

    /// <summary>`ref.REFERENCE.SCALAR`: a named scalar of a reference solution one of the recorded metrics solves for.</summary>
    Source? Reference(string text, out string problem, out string fix)
    {
        var references = metrics.SelectMany(m => catalog.Metric(m)?.References ?? []).DistinctBy(r => r.Name).ToList();
        var known = references.SelectMany(r => r.Scalars.Select(s => $"{DerivedMetric.ReferencePrefix}{r.Name}.{s}")).ToList();
        (problem, fix) = ("", "");
        if (known.Contains(text)) return Source.Reference;
        problem = $"'{Nodes.Describe(text)}' is not a reference scalar of this spec";
        fix = known.Count == 0
            ? "no recorded metric solves for a reference solution (dist_to_min_norm, margin_gap, … do: see README's metrics)"
            : DidYouMean.Allowed(text, known, "reference scalars");
        return null;
    }

    /// <summary>A config path: a number in every trial (swept or not).</summary>
    Source? Config(string path, IReadOnlyList<string> declared, IReadOnlyList<JsonObject> points, out string problem, out string fix)
    {
        var values = points.Select(p => Canonical.At(p, path)).ToList();
        (problem, fix) = ("", "");
        if (values.All(v => v is null))
        {
            problem = $"unknown name '{Nodes.Describe(path)}'";
            fix = DidYouMean.Allowed(path, [ClaimSpec.StepMetric, "seed", .. metrics, .. declared, .. NumericPaths(points)], "names");
            return null;
        }
        if (values.FirstOrDefault(v => v is not JsonValue { } value || value.GetValueKind() != JsonValueKind.Number) is { } other)
        {
            var paths = NumericPaths(points).Where(p => p.StartsWith(path + ".", StringComparison.Ordinal)).ToList();
            problem = other is JsonObject ? $"'{path}' holds several values, not a number" : $"config path '{path}' is not numeric (it is {Canonical.Text(other)})";
            fix = paths.Count > 0 ? $"name one of its numbers: {string.Join(", ", paths)}" : "an expression reads numbers: name a numeric config path such as optimizer.lr";
            return null;
        }
        if (values.Any(v => v is null))
        {
            problem = $"config path '{path}' is not set in every trial";
            fix = "name a path every trial has (a parameter of a kind that only some trials use has no value in the others)";
            return null;
        }
        return Source.Config;
    }

    static List<string> NumericPaths(IReadOnlyList<JsonObject> points) =>
        [.. points.SelectMany(p => Canonical.Leaves(p)).Where(l => l.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number).Select(l => l.Path).Distinct()];

    /// <summary>A derived metric may use others, in any order, but not itself through them.</summary>
    void CheckCycles(List<(DerivedMetric Metric, ScalarNode Node)> bound)
    {
        var byName = bound.ToDictionary(b => b.Metric.Name);
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var b in bound) Visit(b.Metric.Name);

        void Visit(string name)
        {
            if (done.Contains(name) || !byName.TryGetValue(name, out var b)) return;
            path.Add(name);
            foreach (var use in b.Metric.Expression.Names().Where(n => byName.ContainsKey(n.Text)))
            {
                int start = path.IndexOf(use.Text);
                if (start >= 0)
                {
                    var cycle = path[start..].Append(use.Text);
                    errors.Add(b.Node.MarkAt(use.At), start == path.Count - 1
                        ? $"derived metric '{name}' uses itself"
                        : $"derived metrics use each other in a cycle: {string.Join(" → ", cycle)}",
                        "define it from recorded metrics, or from derived metrics that do not use it");
                    continue;
                }
                Visit(use.Text);
            }
            path.RemoveAt(path.Count - 1);
            done.Add(name);
        }
    }
}
