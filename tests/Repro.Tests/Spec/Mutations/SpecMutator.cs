using System.Globalization;
using Repro.Core.Spec;
using Repro.Core.Spec.Yaml;

namespace Repro.Tests.Spec.Mutations;

/// <summary>
/// Mutates one spec's text in <see cref="PerSpec"/> ways, drawn by a generator seeded from the spec's name (so
/// the same spec always gives the same mutations). Edits are made to the text, not the tree, so that comments,
/// flow style and syntax breaks stay what a person would have typed; the tree (with its marks) says where
/// keys, kinds and numbers are.
/// </summary>
public sealed class SpecMutator
{
    /// <summary>The recipe: how many mutations of each category every spec gets.</summary>
    static readonly (Category Category, int Count)[] Recipe =
    [
        (Category.KeyTypo, 24), (Category.KindTypo, 12), (Category.UnknownKind, 6), (Category.ValueTypo, 6), (Category.Number, 24),
        (Category.DeletedSection, 12), (Category.ScalarSection, 12), (Category.SyntaxBreak, 18), (Category.DeepNesting, 6),
        (Category.Tag, 6), (Category.AnchorAlias, 6), (Category.NewlineInValue, 12), (Category.Override, 12),
    ];

    public static readonly int PerSpec = Recipe.Sum(r => r.Count);

    /// <summary>Far past any nesting bound, and the size (about 60 KB) at which the reader used to overflow the stack.</summary>
    const int Deep = 30_000;

    static readonly string[] TrialSections = [.. SpecBinder.TrialKeys];
    static readonly string[] EnumKeys = ["metric", "y", "x", "series", "reduce", "dtype", "device"];
    static readonly string[] FakeKinds = ["no-such-kind", "quantum-annealer", "gd2", "transformer-xl"];
    static readonly string[] Tags = ["!!str ", "!python/object:os.system ", "!custom ", "!!binary ", "! "];
    static readonly string[] ScalarSections = ["7", "[]", "{}", "~", "true", "'text'", "[1, 2]", "{ kind: 7 }"];

    static readonly (string Text, Expected Expected)[] Numbers =
    [
        ("-1", Expected.ValidOrRejected), ("0", Expected.ValidOrRejected), ("1e300", Expected.ValidOrRejected),
        ("123456789012345678901234567890", Expected.ValidOrRejected), ("1.5", Expected.ValidOrRejected), ("~", Expected.ValidOrRejected),
        ("NaN", Expected.Rejected), (".nan", Expected.Rejected), (".inf", Expected.Rejected), ("-.inf", Expected.Rejected),
        ("1e400", Expected.Rejected), ("abc", Expected.Rejected), ("true", Expected.Rejected), ("''", Expected.Rejected),
    ];

    readonly string spec;
    readonly string yaml;
    readonly Random random;
    readonly List<Spot> spots = [];
    readonly List<Section> sections = [];
    readonly string[] lines;
    readonly int[] lineStarts;

    public SpecMutator(string spec, string yaml)
    {
        this.spec = spec;
        this.yaml = yaml;
        random = new Random(StableSeed(spec));
        lines = yaml.Split('\n');
        lineStarts = new int[lines.Length];
        for (int i = 1; i < lines.Length; i++) lineStarts[i] = lineStarts[i - 1] + lines[i - 1].Length + 1;
        var root = (MapNode)YamlReader.Read(yaml, spec);
        Walk(root, "", "");
        for (int i = 0; i < root.Entries.Count; i++)
            sections.Add(new Section(root.Entries[i].Key.Text, root.Entries[i].Key.Mark.Line - 1,
                i + 1 < root.Entries.Count ? root.Entries[i + 1].Key.Mark.Line - 1 : lines.Length));
    }

    public IEnumerable<SpecMutation> Mutations()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (var (category, count) in Recipe)
        {
            for (int i = 0; i < count; i++)
            {
                // A draw can miss (no figure to rename) or repeat an earlier one: draw again, then fall back to a key typo.
                Draft? draft = null;
                for (int attempt = 0; attempt < 20 && draft is null; attempt++)
                {
                    draft = Draw(attempt < 10 ? category : Category.KeyTypo);
                    if (draft is not null && !seen.Add(draft.Yaml + "\0" + string.Join("\0", draft.Overrides))) draft = null;
                }
                if (draft is null) throw new InvalidOperationException($"{spec}: no mutation of category {category} could be drawn");
                index++;
                yield return new SpecMutation($"{spec} {index:00} {draft.Category}: {draft.Detail}", spec, draft.Category.ToString(), draft.Yaml, draft.Overrides, draft.Expected);
            }
        }
    }

    enum Category { KeyTypo, KindTypo, UnknownKind, ValueTypo, Number, DeletedSection, ScalarSection, SyntaxBreak, DeepNesting, Tag, AnchorAlias, NewlineInValue, Override }

    sealed record Draft(Category Category, string Detail, string Yaml, IReadOnlyList<string> Overrides, Expected Expected);

    /// <summary>A plain one-line scalar of the spec, where it starts in the text and the dotted path to it.</summary>
    sealed record Spot(string Path, string ParentKey, string Text, bool IsKey, int Offset);

    /// <summary>A top-level entry: the lines from its key to the next key.</summary>
    sealed record Section(string Key, int FirstLine, int EndLine);

    Draft? Draw(Category category) => category switch
    {
        Category.KeyTypo => Edit(category, Pick(spots.Where(s => s.IsKey)), Typo, Expected.Rejected),
        Category.KindTypo => Edit(category, Pick(spots.Where(IsKind)), Typo, Expected.Rejected),
        Category.UnknownKind => Edit(category, Pick(spots.Where(IsKind)), _ => Pick(FakeKinds), Expected.Rejected),
        Category.ValueTypo => Edit(category, Pick(spots.Where(s => !s.IsKey && (EnumKeys.Contains(s.ParentKey) || s.Path.StartsWith("metrics[", StringComparison.Ordinal)))), Typo, Expected.Rejected),
        Category.Number => NumberDraft(),
        Category.DeletedSection => SectionDraft(category, Pick(sections), section => [], "deleted", Expected.ValidOrRejected),
        Category.ScalarSection => ScalarSectionDraft(),
        Category.SyntaxBreak => SyntaxDraft(),
        Category.DeepNesting => DeepDraft(),
        Category.Tag => TagDraft(),
        Category.AnchorAlias => AliasDraft(),
        Category.NewlineInValue => NewlineDraft(),
        Category.Override => OverrideDraft(),
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    Draft? Edit(Category category, Spot? spot, Func<string, string> change, Expected expected)
    {
        if (spot is null) return null;
        string to = change(spot.Text);
        return new Draft(category, $"{spot.Path} {Show(spot.Text)} -> {Show(to)}", Replace(spot, to), [], expected);
    }

    Draft? NumberDraft()
    {
        var spot = Pick(spots.Where(s => !s.IsKey && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
        var (to, expected) = Pick(Numbers);
        return spot is null ? null : Edit(Category.Number, spot, _ => to, expected);
    }

    Draft? ScalarSectionDraft()
    {
        string scalar = Pick(ScalarSections);
        return SectionDraft(Category.ScalarSection, Pick(sections), section => [$"{section.Key}: {scalar}"], $"= {scalar}", Expected.ValidOrRejected);
    }

    Draft? DeepDraft()
    {
        var section = Pick(sections)!;
        return random.Next(3) switch
        {
            0 => SectionDraft(Category.DeepNesting, section, s => [$"{s.Key}: {new string('[', Deep)}{new string(']', Deep)}"], $"[[[…]]] x{Deep}", Expected.Rejected),
            1 => SectionDraft(Category.DeepNesting, section, s => [$"{s.Key}: {Repeat("{a: ", Deep)}1{new string('}', Deep)}"], $"{{a: {{a: …}}}} x{Deep}", Expected.Rejected),
            _ => SectionDraft(Category.DeepNesting, section, s => [$"{s.Key}:", $"  {Repeat("- ", Deep)}0"], $"- - - … x{Deep}", Expected.Rejected),
        };
    }

    Draft? TagDraft()
    {
        var spot = Pick(spots.Where(s => !s.IsKey));
        string tag = Pick(Tags);
        return spot is null ? null : new Draft(Category.Tag, $"{spot.Path} {Show(tag.Trim())}", Insert(spot.Offset, tag), [], Expected.Rejected);
    }

    Draft? AliasDraft()
    {
        if (random.Next(2) == 0)
        {
            // An alias bomb: nine references per level, 9^9 leaves if anything expanded it.
            var bomb = new List<string> { "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
            for (int i = 1; i <= 9; i++) bomb.Add($"lol{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]");
            return new Draft(Category.AnchorAlias, "billion laughs appended", yaml.TrimEnd('\n') + "\n" + string.Join("\n", bomb) + "\n", [], Expected.Rejected);
        }
        var values = spots.Where(s => !s.IsKey).ToList();
        if (values.Count < 2) return null;
        int a = random.Next(values.Count - 1);
        var (anchored, aliased) = (values[a], values[a + 1 + random.Next(values.Count - a - 1)]);
        string text = yaml[..anchored.Offset] + "&v " + yaml[anchored.Offset..aliased.Offset] + "*v" + yaml[(aliased.Offset + aliased.Text.Length)..];
        return new Draft(Category.AnchorAlias, $"&v at {anchored.Path}, *v at {aliased.Path}", text, [], Expected.Rejected);
    }

    Draft? NewlineDraft()
    {
        var spot = Pick(spots.Where(s => !s.IsKey && (s.Path is "name" || s.ParentKey is "id" or "kind" || s.Path.StartsWith("metrics[", StringComparison.Ordinal))));
        if (spot is null) return null;
        int cut = random.Next(2) == 0 ? spot.Text.Length : 1 + random.Next(Math.Max(1, spot.Text.Length - 1));
        string quoted = $"\"{spot.Text[..cut]}\\n{spot.Text[cut..]}\"";
        return new Draft(Category.NewlineInValue, $"{spot.Path} {Show(spot.Text)} -> {quoted}", Replace(spot, quoted), [], Expected.Rejected);
    }

    Draft OverrideDraft()
    {
        // A number of the trial itself: a path that `--set` may legitimately name.
        var number = Pick(spots.Where(s => !s.IsKey && TrialSections.Contains(s.Path.Split('.')[0]) && !s.Path.Contains('[')
            && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
        string path = number?.Path ?? "optimizer.lr";
        var (detail, text) = random.Next(6) switch
        {
            0 => ($"seeds=[[[…]]] x{Deep}", $"seeds={new string('[', Deep)}{new string(']', Deep)}"),
            1 => (@"name=bad\nname", "name=bad\nname"),
            2 => ($@"{path}=0.1\nx: 1", $"{path}=0.1\nx: 1"),
            3 => ($"{path}=NaN", $"{path}=NaN"),
            4 => ($"name= {YamlLimits.MaxOverrideChars + 10} characters", "name=" + new string('a', YamlLimits.MaxOverrideChars + 10)),
            _ => ("data.a.a.… x100=1", "data" + Repeat(".a", 100) + "=1"),
        };
        return new Draft(Category.Override, $"--set {detail}", yaml, [text], Expected.Rejected);
    }

    Draft? SyntaxDraft()
    {
        switch (random.Next(7))
        {
            case 0: // a tab where YAML wants spaces
                int indented = PickLine(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'));
                return indented < 0 ? null : LineDraft($"tab indentation on line {indented + 1}", indented, "\t" + lines[indented].TrimStart(' '));
            case 1: // a flow collection left open
                int flow = PickLine(l => Code(l).TrimEnd().EndsWith('}') || Code(l).TrimEnd().EndsWith(']'));
                if (flow < 0) return null;
                string code = Code(lines[flow]).TrimEnd();
                return LineDraft($"unclosed {code[^1]} on line {flow + 1}", flow, code[..^1]);
            case 2: // a quote that never closes
                var value = Pick(spots.Where(s => !s.IsKey));
                return value is null ? null : new Draft(Category.SyntaxBreak, $"unclosed quote at {value.Path}", Insert(value.Offset, "\""), [], Expected.Rejected);
            case 3: // a key written twice
                var section = Pick(sections)!;
                return new Draft(Category.SyntaxBreak, $"duplicate key {section.Key}", yaml.TrimEnd('\n') + $"\n{section.Key}: 1\n", [], Expected.Rejected);
            case 4:
                return new Draft(Category.SyntaxBreak, "a second document", yaml.TrimEnd('\n') + "\n---\nname: second\n", [], Expected.Rejected);
            case 5: // a colon with no key before it
                var spot = Pick(spots.Where(s => !s.IsKey));
                return spot is null ? null : new Draft(Category.SyntaxBreak, $"': ' before {spot.Path}", Insert(spot.Offset, ": "), [], Expected.Rejected);
            default: // a control character YAML does not allow in a document
                var inside = Pick(spots.Where(s => !s.IsKey && s.Text.Length > 1));
                return inside is null ? null : new Draft(Category.SyntaxBreak, $"U+0007 inside {inside.Path}", Insert(inside.Offset + 1, "\u0007"), [], Expected.Rejected);
        }
    }

    Draft LineDraft(string detail, int line, string replacement)
    {
        var edited = lines.ToArray();
        edited[line] = replacement;
        return new Draft(Category.SyntaxBreak, detail, string.Join("\n", edited), [], Expected.Rejected);
    }

    Draft? SectionDraft(Category category, Section? section, Func<Section, string[]> replacement, string detail, Expected expected)
    {
        if (section is null) return null;
        string[] edited = [.. lines[..section.FirstLine], .. replacement(section), .. lines[section.EndLine..]];
        return new Draft(category, $"{section.Key} {detail}", string.Join("\n", edited), [], expected);
    }

    static bool IsKind(Spot s) => !s.IsKey && (s.ParentKey == "kind" || s.ParentKey.EndsWith(".kind", StringComparison.Ordinal)
        || (!s.Path.Contains('.') && !s.Path.Contains('[') && TrialSections.Contains(s.Path) && s.Path is not ("device" or "dtype")));

    string Typo(string word)
    {
        while (true)
        {
            int i = random.Next(word.Length);
            string typo = random.Next(4) switch
            {
                0 when word.Length >= 2 && i + 1 < word.Length => word[..i] + word[i + 1] + word[i] + word[(i + 2)..],
                1 when word.Length >= 3 => word.Remove(i, 1),
                2 => word.Insert(i, word[i].ToString()),
                _ => word[..i] + (char)('a' + random.Next(26)) + word[(i + 1)..],
            };
            if (typo != word) return typo;
        }
    }

    string Replace(Spot spot, string to) => yaml[..spot.Offset] + to + yaml[(spot.Offset + spot.Text.Length)..];

    string Insert(int offset, string text) => yaml[..offset] + text + yaml[offset..];

    T? Pick<T>(IEnumerable<T> candidates) where T : class
    {
        var list = candidates.ToList();
        return list.Count == 0 ? null : list[random.Next(list.Count)];
    }

    T Pick<T>(IReadOnlyList<T> list) => list[random.Next(list.Count)];

    int PickLine(Func<string, bool> where)
    {
        var candidates = Enumerable.Range(0, lines.Length).Where(i => where(lines[i])).ToList();
        return candidates.Count == 0 ? -1 : candidates[random.Next(candidates.Count)];
    }

    // The line without its comment (a '#' after a space, outside quotes: good enough for the bundled specs).
    static string Code(string line)
    {
        int hash = line.IndexOf(" #", StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }

    void Walk(Node node, string path, string parentKey)
    {
        switch (node)
        {
            case MapNode map:
                foreach (var entry in map.Entries)
                {
                    string child = path.Length == 0 ? entry.Key.Text : $"{path}.{entry.Key.Text}";
                    Add(entry.Key, child, entry.Key.Text, isKey: true);
                    Walk(entry.Value, child, entry.Key.Text);
                }
                break;
            case SeqNode seq:
                for (int i = 0; i < seq.Items.Count; i++) Walk(seq.Items[i], $"{path}[{i}]", parentKey);
                break;
            case ScalarNode scalar:
                Add(scalar, path, parentKey, isKey: false);
                break;
        }
    }

    // Only scalars found verbatim where their mark says: plain, on one line (the edits replace exactly that text).
    void Add(ScalarNode scalar, string path, string parentKey, bool isKey)
    {
        if (!scalar.Plain || scalar.Text.Length == 0) return;
        int offset = lineStarts[scalar.Mark.Line - 1] + scalar.Mark.Column - 1;
        if (string.CompareOrdinal(yaml, offset, scalar.Text, 0, scalar.Text.Length) == 0)
            spots.Add(new Spot(path, parentKey, scalar.Text, isKey, offset));
    }

    static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    static string Show(string text) => text.Length <= 40 ? $"'{text.Replace("\n", @"\n")}'" : $"'{text[..37]}…'";

    // FNV-1a: string.GetHashCode differs from run to run.
    static int StableSeed(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text) hash = (hash ^ c) * 16777619;
        return (int)(hash & 0x7FFFFFFF);
    }
}
