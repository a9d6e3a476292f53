using System.Text.RegularExpressions;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>The small checks every binder makes on YAML nodes: allowed keys, ids, text, lists, and how a node is named in an error.</summary>
static partial class Nodes
{
    // `\z`, not `$`: in .NET `$` also matches before a final newline, which would let "name\n" through into folder names.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,63}\z")]
    public static partial Regex SafeName();

    public static void CheckKeys(MapNode map, IReadOnlyCollection<string> allowed, string what, SpecErrors errors)
    {
        foreach (var entry in map.Entries)
        {
            if (!allowed.Contains(entry.Key.Text))
                errors.Add(entry.Key.Mark, $"unknown key '{Describe(entry.Key.Text)}' in {what}", DidYouMean.Allowed(entry.Key.Text, allowed, "allowed keys"));
        }
    }

    public static string? Text(MapNode map, string key, SpecErrors errors)
    {
        if (map.Find(key) is not { } entry) return null;
        if (entry.Value is ScalarNode s && !s.IsNull) return s.Text;
        errors.Add(entry.Value.Mark, $"{key} must be text", $"write `{key}: some words`");
        return null;
    }

    public static string RequiredId(MapNode map, string what, SpecErrors errors)
    {
        if (map.Find("id")?.Value is ScalarNode { IsNull: false } s)
        {
            if (!SafeName().IsMatch(s.Text))
                errors.Add(s.Mark, $"{what} id '{Describe(s.Text)}' is not a safe name", "use lowercase letters, digits, '-' and '_' only, at most 64 characters");
            return s.Text;
        }
        errors.Add(map.Mark, $"a {what} needs an `id:`", $"add e.g. `id: my-{what}`");
        return "";
    }

    public static List<T> List<T>(MapEntry? entry, string key, Func<Node, T?> bind, SpecErrors errors) where T : class
    {
        if (entry is null || entry.Value is ScalarNode { IsNull: true }) return [];
        if (entry.Value is not SeqNode seq)
        {
            errors.Add(entry.Value.Mark, $"{key} must be a list", "write each entry on a line starting with `- `");
            return [];
        }
        return seq.Items.Select(bind).OfType<T>().ToList();
    }

    public static void CheckUnique(IEnumerable<(string Id, Mark Mark)> items, string what, SpecErrors errors)
    {
        foreach (var group in items.GroupBy(i => i.Id).Where(g => g.Count() > 1 && g.Key.Length > 0))
            foreach (var (id, mark) in group.Skip(1))
                errors.Add(mark, $"{what} id '{id}' is used twice", $"give each {what} its own id");
    }

    /// <summary>A node as an error names it: its text in quotes (control characters escaped, so an error stays one line), or its shape.</summary>
    public static string Describe(Node node) => node switch
    {
        ScalarNode { IsNull: true } => "nothing",
        ScalarNode s => $"'{Describe(s.Text)}'",
        MapNode => "a mapping",
        SeqNode => "a list",
        _ => "a value",
    };

    /// <summary>
    /// Text echoed in an error: cut short, and control characters escaped here already, so that the problem text
    /// stays one line wherever it is shown (an annotation, a JUnit message), not only as a <see cref="SpecError"/> line.
    /// </summary>
    public static string Describe(string text) => SpecError.OneLine(SpecError.Shown(text));
}
