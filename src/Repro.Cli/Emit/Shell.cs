using System.Text.RegularExpressions;

namespace Repro.Cli.Emit;

/// <summary>POSIX shell words: what a generated script runs must be the argument list it was given, whatever the characters.</summary>
public static partial class Shell
{
    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex Plain();

    public static string Quote(string word) => word.Length > 0 && Plain().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''") + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
