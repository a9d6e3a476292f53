namespace Repro.Core.Spec.Yaml;

/// <summary>
/// How much input the spec reader accepts. Past these bounds a spec is hostile or a mistake (the wrong file, a
/// generated blob), and it fails as one positioned error instead of exhausting the stack, memory or time: the
/// tree is read recursively, and so is every later pass over it (binding, schema JSON, the canonical form).
/// A real spec is a few kilobytes nested four levels deep (the largest bundled one: 5 KiB, 4 levels).
/// </summary>
public static class YamlLimits
{
    /// <summary>The most bytes a spec file may hold: 1 MiB. A longer file is refused before it is parsed.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>The most characters one `--set PATH=VALUE` may hold: 64 KiB.</summary>
    public const int MaxOverrideChars = 64 << 10;

    /// <summary>
    /// How deep mappings and sequences may nest, the document's root mapping being level 1: 64. The reader stops
    /// at the collection that would be level 65, so no pass over the tree recurses deeper than that.
    /// </summary>
    public const int MaxDepth = 64;
}
