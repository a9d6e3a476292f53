namespace Repro.Core.Spec.Yaml;

/// <summary>
/// Maps a character of a one-line scalar's value back to its column in the file: plain scalars are written as
/// they read, quoted ones after their quote and with escapes (`''`, `\"`, `\u00e9`) longer than the character
/// they stand for.
/// </summary>
static class ScalarColumns
{
    /// <summary>Columns from the scalar's start to the value's character <paramref name="index"/>, or null when the written form does not give it.</summary>
    public static int? Offset(string? written, string value, int index)
    {
        if (written is null || index < 0 || index > value.Length) return null;
        if (written.Length == 0 || written[0] is not ('\'' or '"'))
            return written == value ? index : null;
        var starts = written[0] == '"' ? DoubleQuoted(written) : SingleQuoted(written);
        // One past the last character: just before the closing quote.
        if (starts is null || starts.Count != value.Length) return null;
        return index < starts.Count ? starts[index] : written.Length - 1;
    }

    // Where each value character starts in `'...'`, where `''` is one quote.
    static List<int>? SingleQuoted(string written)
    {
        var starts = new List<int>();
        for (int j = 1; j < written.Length - 1; j++)
        {
            starts.Add(j);
            if (written[j] == '\'') j++;
        }
        return starts;
    }

    // Where each value character starts in `"..."`: an escape gives one character (two for \U beyond the BMP).
    static List<int>? DoubleQuoted(string written)
    {
        var starts = new List<int>();
        for (int j = 1; j < written.Length - 1;)
        {
            if (written[j] != '\\')
            {
                starts.Add(j++);
                continue;
            }
            if (j + 1 >= written.Length - 1) return null;
            int length = written[j + 1] switch { 'x' => 4, 'u' => 6, 'U' => 10, _ => 2 };
            int units = written[j + 1] == 'U' && j + 10 <= written.Length
                && int.TryParse(written.AsSpan(j + 2, 8), System.Globalization.NumberStyles.HexNumber, null, out int code) && code > 0xFFFF ? 2 : 1;
            for (int u = 0; u < units; u++) starts.Add(j);
            j += length;
        }
        return starts;
    }
}
