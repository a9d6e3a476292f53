using System.Text;

namespace Repro.Core.Spec;

/// <summary>One thing wrong with a spec: where, what, and how to fix it. Rendered as one line.</summary>
public sealed record SpecError(Mark Where, string Problem, string Fix)
{
    public override string ToString() => OneLine($"{Where}: {Problem}; {Fix}");

    // Errors echo what was written (an override, a quoted value, a file name), which may hold a line break;
    // escaping control characters keeps one error on one line, as tools that read them line by line expect.
    internal static string OneLine(string text)
    {
        if (!text.Any(Breaks)) return text;
        var line = new StringBuilder(text.Length + 8);
        foreach (char c in text)
            line.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ when Breaks(c) => $@"\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return line.ToString();
    }

    static bool Breaks(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    /// <summary>How much of a written value an error echoes: enough to recognize it, not a screenful.</summary>
    internal const int ShownChars = 80;

    /// <summary>A written value as errors echo it: cut to <see cref="ShownChars"/> characters and a `…`.</summary>
    internal static string Shown(string text) => text.Length <= ShownChars ? text : $"{text[..ShownChars]}…";
}

/// <summary>Thrown when a spec (or an override of it) cannot be loaded; carries every error found.</summary>
public sealed class SpecException(IReadOnlyList<SpecError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;

    public SpecException(SpecError error) : this([error]) { }
}
