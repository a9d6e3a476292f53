namespace Repro.Core.Spec;

/// <summary>A position in a spec file: 1-based line and column, as editors count them.</summary>
public readonly record struct Mark(string File, int Line, int Column)
{
    public static Mark StartOf(string file) => new(file, 1, 1);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
