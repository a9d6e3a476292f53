using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Core.Spec;

/// <summary>
/// The canonical JSON form of specs and trials: sorted keys, every default written out, invariant
/// numbers. Two specs that mean the same thing have the same canonical form and so the same hash.
/// </summary>
public static class Canonical
{
    // Relaxed escaping keeps "<" readable in claims.json; the output is a file, never embedded in HTML.
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Of(TrialConfig c)
    {
        var members = new Dictionary<string, JsonNode?>
        {
            ["data"] = Of(c.Data),
            ["model"] = Of(c.Model),
            ["init"] = Of(c.Init),
            ["optimizer"] = Of(c.Optimizer),
            ["schedule"] = Of(c.Schedule),
            ["loss"] = Of(c.Loss),
            ["train"] = Train(c.Train),
            ["device"] = c.Device,
            ["dtype"] = c.Dtype,
            ["metrics"] = new JsonArray([.. c.Metrics.Select(m => (JsonNode)m)]),
        };
        // Only when written: trials from before the block keep their keys (the default is what they ran).
        if (c.Eigensolver is { } e)
            members["eigensolver"] = Sorted(new() { ["kind"] = e.Kind, ["iterations"] = e.Iterations, ["tolerance"] = e.Tolerance });
        return Sorted(members);
    }

    public static JsonObject Of(Component c)
    {
        var o = new Dictionary<string, JsonNode?> { ["kind"] = c.Kind };
        foreach (var (name, value) in c.Params)
            if (!c.Unwritten.Contains(name)) o[name] = Value(value);
        return Sorted(o);
    }

    public static JsonObject Of(ResolvedSpec s)
    {
        var members = new Dictionary<string, JsonNode?>
        {
            ["name"] = s.Name,
            ["title"] = s.Title,
            ["source"] = s.Source,
            ["seeds"] = new JsonArray([.. s.Seeds.Select(x => (JsonNode)x)]),
            ["metrics"] = new JsonArray([.. s.Metrics.Select(m => (JsonNode)m)]),
            ["points"] = new JsonArray([.. s.Points.Select(p => (JsonNode)Of(p))]),
            ["claims"] = new JsonArray([.. s.Claims.Select(c => (JsonNode)Of(c))]),
            ["figures"] = new JsonArray([.. s.Figures.Select(f => (JsonNode)Of(f))]),
        };
        // Only when given, so that specs without derived metrics keep their hash. A list in the order written, which is
        // the order they are published in; each expression in its canonical spelling (`a+b` and `a + b` hash the same).
        // Only when given, like `derived`: specs without `artifacts:` keep their hash.
        if (s.Artifacts.Count > 0)
            members["artifacts"] = new JsonArray([.. s.Artifacts.Order(StringComparer.Ordinal).Select(a => (JsonNode)a)]);
        if (s.Derived.Count > 0)
            members["derived"] = new JsonArray([.. s.Derived.Select(d => (JsonNode)Sorted(new() { ["name"] = d.Name, ["expression"] = d.Expression.ToString() }))]);
        return Sorted(members);
    }

    static JsonObject Of(FigureSpec f)
    {
        var members = new Dictionary<string, JsonNode?>
        {
            ["id"] = f.Id,
            ["title"] = f.Title,
            ["where"] = Sorted(f.Where.ToDictionary(w => w.Key, w => (JsonNode?)w.Value)),
            ["x"] = f.X,
            ["y"] = new JsonArray([.. f.Y.Select(y => (JsonNode)y)]),
            ["series"] = f.Series,
            ["scale"] = Sorted(new() { ["x"] = f.XScale.ToString().ToLowerInvariant(), ["y"] = f.YScale.ToString().ToLowerInvariant() }),
        };
        // Written only when not `line`: figures had no kind at first, and writing the default would change the hash
        // of every published spec. An explicit `kind: line` and no kind mean, and hash, the same.
        if (f.Kind != Figures.FigureKinds.All.Default) members["kind"] = f.Kind.Name;
        // The same for how it looks: only what differs from the default is written.
        foreach (var (key, value) in Style(f.Style)) members[key] = value;
        return Sorted(members);
    }

    static IEnumerable<(string Key, JsonNode Value)> Style(Figures.FigureStyle style)
    {
        var d = Figures.FigureStyle.Default;
        var axes = new Dictionary<string, JsonNode?>();
        foreach (var (name, axis) in new[] { ("x", style.X), ("y", style.Y) })
        {
            if (axis == Figures.AxisStyle.Default) continue;
            var members = new Dictionary<string, JsonNode?>();
            if (axis.Title is { } title) members["title"] = title;
            if (axis.Min is { } min) members["min"] = min;
            if (axis.Max is { } max) members["max"] = max;
            axes[name] = Sorted(members);
        }
        if (axes.Count > 0) yield return ("axes", Sorted(axes));
        if (style.References.Count > 0)
            yield return ("reference", new JsonArray([.. style.References.Select(r => (JsonNode)Sorted(new()
            {
                [r.Axis.ToString()] = r.Value.ToString(),
                ["label"] = r.Label,
            }))]));
        if (style.Band != d.Band) yield return ("band", Figures.FigureStyle.BandName(style.Band));
        if ((style.Width, style.Height) != (d.Width, d.Height)) yield return ("size", Sorted(new() { ["width"] = style.Width, ["height"] = style.Height }));
    }

    public static JsonObject Of(ClaimSpec c)
    {
        var members = new Dictionary<string, JsonNode?>
        {
            ["id"] = c.Id,
            ["where"] = Sorted(c.Where.ToDictionary(w => w.Key, w => (JsonNode?)w.Value)),
            ["metric"] = c.Metric,
            ["at"] = c.At.ToString(),
            ["reduce"] = c.Reduce.ToString(),
            ["expect"] = c.Expect?.ToString(),
            ["monotone"] = c.Monotone?.ToString(),
        };
        // Only when given, so that specs written before tolerances keep their hash.
        if (c.Tolerance is { } t) members["tolerance"] = Of(t);
        // Likewise `compare` and `as`, or `scaling`: only in the claims that use them.
        foreach (var (key, value) in c.Measure?.Keys ?? []) members[key] = value;
        return Sorted(members);
    }

    public static JsonObject Of(Tolerance t) => Sorted(new() { ["abs"] = t.Abs, ["rel"] = t.Rel });

    // `until` only when set: a trial without one keeps the key it had before stopping rules existed.
    static JsonObject Train(TrainSettings t)
    {
        var members = new Dictionary<string, JsonNode?> { ["steps"] = t.Steps, ["log_every"] = t.LogEvery };
        if (t.Until is { } until) members["until"] = until.ToString();
        return Sorted(members);
    }

    public static JsonNode? Value(object? value) => value switch
    {
        null => null,
        Component c => Of(c),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        Numbers n => n.ToJson(),
        Names n => n.ToJson(),
        DataFile f => JsonValue.Create(f.ToString()),       // its content hash: the path may move, the bytes may not change
        _ => throw new ArgumentException($"not a spec value: {value.GetType().Name}"),
    };

    static JsonObject Sorted(Dictionary<string, JsonNode?> members)
    {
        var o = new JsonObject();
        foreach (var key in members.Keys.Order(StringComparer.Ordinal)) o[key] = members[key];
        return o;
    }

    public static string Compact(JsonNode node) => node.ToJsonString();

    public static string Pretty(JsonNode node) => node.ToJsonString(Indented);

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Shortest round-trip text of a double, invariant ("1E-06" style avoided: "1e-06").</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");

    /// <summary>The value at a dotted path ("optimizer.lr") of a canonical tree, or null.</summary>
    public static JsonNode? At(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split('.'))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(segment, out node)) return null;
        }
        return node;
    }

    /// <summary>Every scalar leaf of a canonical tree as (dotted path, node), in key order.</summary>
    public static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonObject root, string prefix = "")
    {
        foreach (var (key, value) in root)
        {
            string path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is JsonObject child)
                foreach (var leaf in Leaves(child, path)) yield return leaf;
            else
                yield return (path, value);
        }
    }

    /// <summary>The leaf paths whose values differ between canonical trees (a path missing from some counts as differing), in first-seen order.</summary>
    public static IReadOnlyList<string> Swept(IReadOnlyList<JsonObject> trees) =>
        trees.SelectMany(t => Leaves(t)).Select(l => l.Path).Distinct()
            .Where(path => trees.Select(t => At(t, path)?.ToJsonString() ?? "").Distinct().Count() > 1)
            .ToList();

    /// <summary>A scalar canonical value as plain text (strings unquoted), for labels and filters.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => "none",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<double>(out var d) => Number(d),
        _ => value.ToJsonString(),
    };
}
