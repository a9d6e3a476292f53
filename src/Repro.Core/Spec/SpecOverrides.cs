using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec;

/// <summary>
/// `--set PATH=VALUE` overrides, applied to the YAML tree before binding, so they are validated exactly like the
/// file. The value is YAML (`0.05`, `[0, 1]`, `{ kind: normal, scale: 2 }`); its nodes are marked with the override
/// itself as their "file" and the column inside it, so an error points at the override, not at the spec.
/// A path below `sweep.` names one sweep key whole (`sweep.optimizer.lr=[0.1, 0.2]`).
/// </summary>
public static class SpecOverrides
{
    public static Node Apply(Node root, IReadOnlyList<string> overrides)
    {
        var errors = new List<SpecError>();
        foreach (string text in overrides)
        {
            string origin = $"--set {SpecError.Shown(text)}";
            if (text.Length > YamlLimits.MaxOverrideChars)
            {
                errors.Add(new SpecError(new Mark(origin, 1, Prefix + YamlLimits.MaxOverrideChars + 1),
                    $"override is longer than {YamlLimits.MaxOverrideChars >> 10} KiB ({text.Length} characters)", "set a short value here and write long ones into the spec file"));
                continue;
            }
            int equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add(new SpecError(new Mark(origin, 1, 7), $"override '{SpecError.Shown(text)}' is not PATH=VALUE", "write e.g. `--set optimizer.lr=0.05` or `--set seeds=[0,1]`"));
                continue;
            }
            string path = text[..equals].Trim();
            string[] segments = path.StartsWith("sweep.", StringComparison.Ordinal) ? ["sweep", path["sweep.".Length..]] : path.Split('.');
            if (root is not MapNode map || segments.Any(s => s.Length == 0))
            {
                errors.Add(new SpecError(new Mark(origin, 1, 7), $"override path '{SpecError.Shown(path)}' is not a dotted path into the spec", "write e.g. `--set optimizer.lr=0.05`"));
                continue;
            }
            // The value sits below its path: the two together nest no deeper than a spec file may.
            if (segments.Length >= YamlLimits.MaxDepth)
            {
                errors.Add(new SpecError(new Mark(origin, 1, 7), $"override path '{SpecError.Shown(path)}' nests deeper than {YamlLimits.MaxDepth} levels",
                    "name a key of the spec, e.g. `optimizer.lr`"));
                continue;
            }
            int valueColumn = Prefix + equals + 1;
            Node value;
            try
            {
                value = Shift(YamlReader.Read(text[(equals + 1)..], origin, rootLevel: segments.Length + 1), valueColumn);
            }
            catch (SpecException e)
            {
                errors.AddRange(e.Errors.Select(x => x with { Where = Moved(x.Where, valueColumn) }));
                continue;
            }
            root = Set(map, segments, value, new Mark(origin, 1, 7));
        }
        if (errors.Count > 0) throw new SpecException(errors);
        return root;
    }

    const int Prefix = 6; // "--set ".Length: columns count from the start of the override as typed

    // A copy of the map with the path set, creating mappings on the way; a scalar shorthand (`model: linear`)
    // becomes `{ kind: linear }` so that `--set model.hidden=64` adds to it.
    static MapNode Set(MapNode map, string[] segments, Node value, Mark mark)
    {
        var key = new ScalarNode(mark, segments[0], Plain: true);
        if (segments.Length == 1) return map.With(key, value);
        var child = map.Find(segments[0])?.Value switch
        {
            MapNode m => m,
            ScalarNode { IsNull: false } s => new MapNode(s.Mark, [new MapEntry(new ScalarNode(s.Mark, "kind", true), s)]),
            _ => new MapNode(mark, []),
        };
        return map.With(key, Set(child, segments[1..], value, mark));
    }

    static Node Shift(Node node, int columns) => node switch
    {
        ScalarNode s => s with { Mark = Moved(s.Mark, columns) },
        SeqNode q => q with { Mark = Moved(q.Mark, columns), Items = [.. q.Items.Select(i => Shift(i, columns))] },
        MapNode m => m with
        {
            Mark = Moved(m.Mark, columns),
            Entries = [.. m.Entries.Select(e => new MapEntry((ScalarNode)Shift(e.Key, columns), Shift(e.Value, columns)))],
        },
        _ => node,
    };

    static Mark Moved(Mark mark, int columns) => mark.Line == 1 ? mark with { Column = mark.Column + columns } : mark;
}
