using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// What claims and figures can name about the bound trials: their dotted paths and values, and `where:`
/// filters, each of which must match some trial.
/// </summary>
sealed class TrialPaths(IReadOnlyList<JsonObject> points, IReadOnlyList<long> seeds, IReadOnlyList<string> metrics,
    IReadOnlyList<IReadOnlyList<string>>? linked = null)
{
    /// <summary>The paths the sweep varies together with <paramref name="path"/> (`a.b+c.d`), without it; empty for a path swept alone.</summary>
    public IReadOnlyList<string> Along(string path) =>
        [.. (linked ?? []).Where(group => group.Contains(path)).SelectMany(group => group).Where(p => p != path).Distinct()];

    public IReadOnlyList<JsonObject> Points => points;
    public IReadOnlyList<long> Seeds => seeds;
    /// <summary>The metrics the spec records.</summary>
    public IReadOnlyList<string> Metrics => metrics;

    /// <summary>Every leaf path of any trial, and `seed`.</summary>
    public List<string> Known() =>
        points.SelectMany(p => Canonical.Leaves(p)).Select(l => l.Path).Distinct().Append("seed").ToList();

    /// <summary>The distinct values a path takes across the trials, as text.</summary>
    public List<string> Values(string path) =>
        points.Select(p => Canonical.At(p, path)).Where(v => v is JsonValue).Select(Canonical.Text).Distinct().ToList();

    public bool Exists(string path) => points.Any(p => Canonical.At(p, path) is not null);

    /// <summary>The values of a path that are not numbers (a trend or a numeric axis needs none).</summary>
    public List<string> NonNumeric(string path) =>
        Values(path).Where(t => !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).ToList();

    /// <summary>`where:` — dotted path (or seed) → value; every pair must match some trial.</summary>
    public List<KeyValuePair<string, string>> BindWhere(MapNode map, SpecErrors errors)
    {
        var where = new List<KeyValuePair<string, string>>();
        if (map.Find("where") is not { } whereEntry) return where;
        if (whereEntry.Value is not MapNode whereMap)
        {
            errors.Add(whereEntry.Value.Mark, "where must be a mapping of dotted paths to values", "write e.g. `where: { init.kind: zeros }`");
            return where;
        }
        foreach (var e in whereMap.Entries)
        {
            if (e.Value is not ScalarNode v || v.IsNull)
            {
                errors.Add(e.Value.Mark, $"where value for '{e.Key.Text}' must be a single value", $"write e.g. `{e.Key.Text}: some-value`");
                continue;
            }
            CheckWhere(e.Key, v, errors);
            where.Add(new(e.Key.Text, v.Text));
        }
        return where;
    }

    void CheckWhere(ScalarNode key, ScalarNode value, SpecErrors errors)
    {
        if (key.Text == "seed")
        {
            if (!seeds.Any(s => Matches(JsonValue.Create(s), value.Text)))
                errors.Add(value.Mark, $"where seed = {Nodes.Describe(value.Text)} matches no trial", $"seeds in this spec: {string.Join(", ", seeds)}");
            return;
        }
        var present = points.Select(p => Canonical.At(p, key.Text)).Where(v => v is not null and not JsonObject).ToList();
        if (present.Count == 0)
            errors.Add(key.Mark, $"where path '{Nodes.Describe(key.Text)}' does not exist", DidYouMean.Allowed(key.Text, Known(), "paths"));
        else if (!present.Any(v => Matches(v, value.Text)))
            errors.Add(value.Mark, $"where {key.Text} = {Nodes.Describe(value.Text)} matches no trial",
                $"values of {key.Text} in this spec: {string.Join(", ", present.Select(Canonical.Text).Distinct())}");
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

    /// <summary>The leaf paths whose values differ between sweep points.</summary>
    public IReadOnlyList<string> Swept() => Canonical.Swept(points);

    /// <summary>The sweep points a `where:` selects (its seed filter aside).</summary>
    public IEnumerable<JsonObject> Selected(IReadOnlyList<KeyValuePair<string, string>> where) =>
        points.Where(point => where.All(w => w.Key == "seed" || Matches(Canonical.At(point, w.Key), w.Value)));

    /// <summary>How many seeds a `where:` selects.</summary>
    public int SelectedSeeds(IReadOnlyList<KeyValuePair<string, string>> where) =>
        seeds.Count(seed => where.All(w => w.Key != "seed" || Matches(JsonValue.Create(seed), w.Value)));

    /// <summary>How many trials (sweep points × seeds) a `where:` selects.</summary>
    public int Count(IReadOnlyList<KeyValuePair<string, string>> where) => Selected(where).Count() * SelectedSeeds(where);

    /// <summary>
    /// Whether every trial a claim's `where:` selects records <paramref name="step"/> (0, a multiple of log_every, or
    /// the last); else the first selected trial that does not. Trials the filter leaves out do not matter: a claim on
    /// `train.steps: 20` may read step 20 where a sweep also runs 10 steps.
    /// </summary>
    public JsonObject? NotRecording(long step, IReadOnlyList<KeyValuePair<string, string>> where) => Selected(where)
        .FirstOrDefault(point =>
        {
            long steps = Canonical.At(point, "train.steps")!.GetValue<long>();
            long every = Canonical.At(point, "train.log_every")!.GetValue<long>();
            return !(step <= steps && (step % every == 0 || step == steps));
        });
}
