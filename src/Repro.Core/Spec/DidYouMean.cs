namespace Repro.Core.Spec;

/// <summary>Suggests the nearest allowed word for a misspelled one.</summary>
public static class DidYouMean
{
    public static string? Nearest(string input, IEnumerable<string> options)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var option in options)
        {
            int d = Distance(input.ToLowerInvariant(), option.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (option, d);
        }
        return bestDistance <= Math.Max(2, input.Length / 3) ? best : null;
    }

    /// <summary>"allowed: a, b, c (did you mean 'b'?)".</summary>
    public static string Allowed(string input, IReadOnlyCollection<string> options, string what = "allowed")
    {
        string text = $"{what}: {string.Join(", ", options)}";
        return Nearest(input, options) is { } near ? $"{text} (did you mean '{near}'?)" : text;
    }

    static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
