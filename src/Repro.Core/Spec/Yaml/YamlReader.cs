using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Repro.Core.Spec.Yaml;

/// <summary>
/// Reads one YAML document into a <see cref="Node"/> tree; syntax errors become positioned <see cref="SpecError"/>s.
/// Only the part of YAML a spec needs is accepted: no tags, anchors or aliases, and no nesting deeper than
/// <see cref="YamlLimits.MaxDepth"/> (checked before descending, so the reader's own recursion is bounded too).
/// </summary>
public static class YamlReader
{
    public static Node ReadFile(string path) => Read(SpecFileText.Read(path), path);

    public static Node Read(string text, string file) => Read(text, file, rootLevel: 1);

    /// <param name="rootLevel">the nesting level the document's root sits at (an override's value sits below its path)</param>
    internal static Node Read(string text, string file, int rootLevel)
    {
        RefuseUnprintable(text, file);
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
                throw Fail.Spec(Mark.StartOf(file), "the spec is empty", "write at least `name: my-experiment`");
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, text, file, rootLevel);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
                throw Fail.Spec(At(file, parser.Current!.Start), "a spec holds one YAML document, found a second",
                    "remove the `---` and everything after it, or split it into its own file");
            return root;
        }
        catch (YamlException e) when (e.Message.Contains(" tab ", StringComparison.Ordinal))
        {
            throw Fail.Spec(TabIn(text, At(file, e.Start)), $"YAML syntax error: {Describe(e)}", "indent with spaces: YAML does not allow tabs there");
        }
        catch (YamlException e)
        {
            throw Fail.Spec(At(file, e.Start), $"YAML syntax error: {Describe(e)}",
                "fix the YAML at this position (check indentation, colons and quotes)");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, on some unterminated flow collections.
            var mark = parser.Current is { } current ? At(file, current.Start) : Mark.StartOf(file);
            throw Fail.Spec(mark, "YAML syntax error: the value starting here is not closed",
                "close every [ with ] and every { with } on the same line");
        }
    }

    static Node ReadNode(IParser parser, string text, string file, int level)
    {
        if (parser.Current is NodeEvent properties) RefuseProperties(properties, file);

        if (parser.TryConsume<Scalar>(out var scalar))
            return new ScalarNode(At(file, scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain) { Written = Written(text, scalar) };

        if (parser.Current is SequenceStart or MappingStart && level > YamlLimits.MaxDepth)
            throw Fail.Spec(At(file, parser.Current.Start), $"the spec nests deeper than {YamlLimits.MaxDepth} levels here",
                "a spec needs a few levels of mappings and lists: check the brackets and the indentation");

        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var items = new List<Node>();
            while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, text, file, level + 1));
            return new SeqNode(At(file, seqStart.Start), items);
        }

        if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            var entries = new List<MapEntry>();
            var keys = new HashSet<string>(StringComparer.Ordinal); // a set: a mapping of many keys must not cost their square
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyMark = At(file, parser.Current!.Start);
                if (ReadNode(parser, text, file, level + 1) is not ScalarNode key)
                    throw Fail.Spec(keyMark, "a mapping key must be a plain word", "write keys like `lr:`");
                if (!keys.Add(key.Text))
                    throw Fail.Spec(key.Mark, $"duplicate key '{key.Text}'", "keep one of the two entries");
                entries.Add(new MapEntry(key, ReadNode(parser, text, file, level + 1)));
            }
            return new MapNode(At(file, mapStart.Start), entries);
        }

        var current = parser.Current!;
        if (current is AnchorAlias alias)
            throw Fail.Spec(At(file, alias.Start), $"YAML alias `*{alias.Value}` is not part of the spec language", "write the value out in full");
        throw Fail.Spec(At(file, current.Start), $"unexpected YAML element {current.GetType().Name}", "write the value out in full");
    }

    // A one-line flow scalar as the file spells it, so that an error inside its value can name the column. A plain
    // one is spelled as it reads: its value serves, without a copy.
    static string? Written(string text, Scalar scalar)
    {
        long start = scalar.Start.Index, end = scalar.End.Index;
        if (scalar.Start.Line != scalar.End.Line || start < 0 || end > text.Length || end < start) return null;
        return scalar.Style switch
        {
            ScalarStyle.Plain => end - start == scalar.Value.Length ? scalar.Value : null,
            ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted => text[(int)start..(int)end],
            _ => null,
        };
    }

    // YAML allows only printable characters in a stream (YAML 1.2, production [1]); YamlDotNet lets control
    // characters through into values, where they would reach titles, file names and terminals.
    static void RefuseUnprintable(string text, string file)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (Printable(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            int lastBreak = text.LastIndexOf('\n', Math.Max(0, i - 1));
            var mark = new Mark(file, text.AsSpan(0, i).Count('\n') + 1, i - lastBreak);
            throw Fail.Spec(mark, $"the character U+{(int)c:X4} is not allowed in YAML",
                "remove it (inside double quotes, write a tab as \\t and a line break as \\n)");
        }
    }

    static bool Printable(char c) => c is '\t' or '\n' or '\r' or '\u0085' or (>= ' ' and <= '~') or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');

    // Tags would give a value a type the binder never sees (and are how YAML loaders get exploited); anchors exist
    // only for aliases, which the spec language refuses, so that an alias bomb ("billion laughs") cannot expand.
    static void RefuseProperties(NodeEvent node, string file)
    {
        if (!node.Tag.IsEmpty)
            throw Fail.Spec(At(file, node.Start), $"YAML tag `{Written(node.Tag)}` is not part of the spec language",
                $"remove `{Written(node.Tag)}`: a value's type follows from its key (quote a value to make it text)");
        if (!node.Anchor.IsEmpty)
            throw Fail.Spec(At(file, node.Start), $"YAML anchor `&{node.Anchor.Value}` is not part of the spec language",
                $"remove `&{node.Anchor.Value}` and write each value out in full (aliases are not supported)");
    }

    // The tag as it was most likely written: YamlDotNet hands it back resolved (`!!str` as tag:yaml.org,2002:str).
    static string Written(TagName tag) => tag.Value switch
    {
        var t when t.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) => "!!" + t["tag:yaml.org,2002:".Length..],
        var t when t.StartsWith('!') => t,
        var t => $"!<{t}>",
    };

    // YamlDotNet marks a tab in the indentation at the start of the mapping or scalar around it (often 1:1):
    // point at the first indenting tab from there on instead.
    static Mark TabIn(string text, Mark start)
    {
        string[] lines = text.Split('\n');
        for (int i = start.Line - 1; i < lines.Length; i++)
        {
            int indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            int tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0) return start with { Line = i + 1, Column = tab + 1 };
        }
        return start;
    }

    static Mark At(string file, YamlDotNet.Core.Mark mark) => new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the position is already in front.
    static string Describe(YamlException e)
    {
        string message = e.Message;
        int cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0) message = message[(cut + 3)..];
        return message.TrimEnd('.').Replace(Environment.NewLine, " ");
    }
}
