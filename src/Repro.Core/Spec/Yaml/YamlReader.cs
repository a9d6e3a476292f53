using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Repro.Core.Spec.Yaml;

/// <summary>Reads one YAML document into a <see cref="Node"/> tree; syntax errors become positioned <see cref="SpecError"/>s.</summary>
public static class YamlReader
{
    public static Node ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SpecException(new SpecError(Mark.StartOf(path), "spec file not found",
                $"pass the path of an existing .yaml spec (relative to {Directory.GetCurrentDirectory()})"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException(new SpecError(Mark.StartOf(path), $"cannot read the spec file ({e.Message})",
                "check that the path is a readable file"));
        }
        return Read(text, path);
    }

    public static Node Read(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
                throw new SpecException(new SpecError(Mark.StartOf(file), "the spec is empty", "write at least `name: my-experiment`"));
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
                throw new SpecException(new SpecError(At(file, parser.Current!.Start), "a spec holds one YAML document, found a second",
                    "remove the `---` and everything after it, or split it into its own file"));
            return root;
        }
        catch (YamlException e)
        {
            throw new SpecException(new SpecError(At(file, e.Start), $"YAML syntax error: {Describe(e)}",
                "fix the YAML at this position (check indentation, colons and quotes)"));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, on some unterminated flow collections.
            var mark = parser.Current is { } current ? At(file, current.Start) : Mark.StartOf(file);
            throw new SpecException(new SpecError(mark, "YAML syntax error: the value starting here is not closed",
                "close every [ with ] and every { with } on the same line"));
        }
    }

    static Node ReadNode(IParser parser, string file)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
            return new ScalarNode(At(file, scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain);

        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var items = new List<Node>();
            while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, file));
            return new SeqNode(At(file, seqStart.Start), items);
        }

        if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            var entries = new List<MapEntry>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyMark = At(file, parser.Current!.Start);
                if (ReadNode(parser, file) is not ScalarNode key)
                    throw new SpecException(new SpecError(keyMark, "a mapping key must be a plain word", "write keys like `lr:`"));
                if (entries.Any(e => e.Key.Text == key.Text))
                    throw new SpecException(new SpecError(key.Mark, $"duplicate key '{key.Text}'", "keep one of the two entries"));
                entries.Add(new MapEntry(key, ReadNode(parser, file)));
            }
            return new MapNode(At(file, mapStart.Start), entries);
        }

        var current = parser.Current!;
        string what = current is AnchorAlias ? "YAML aliases (*name) are not supported" : $"unexpected YAML element {current.GetType().Name}";
        throw new SpecException(new SpecError(At(file, current.Start), what, "write the value out in full"));
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
