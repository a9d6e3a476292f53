using System.Globalization;
using System.Text.RegularExpressions;

namespace Repro.Core.Plan;

/// <summary>
/// `--shard K/N`: the K-th of N disjoint parts of a plan (trials whose index is K−1 modulo N). Shards trained on
/// different machines or processes meet in the trial cache, keyed by trial key, so any split merges cleanly.
/// </summary>
public sealed partial record Shard(int Number, int Count)
{
    public static readonly Shard Whole = new(1, 1);

    public bool Holds(Trial trial) => trial.Index % Count == Number - 1;

    [GeneratedRegex(@"^(\d+)/(\d+)$")]
    private static partial Regex Form();

    /// <summary>Parses `K/N` with 1 ≤ K ≤ N; null when malformed.</summary>
    public static Shard? Parse(string text) =>
        Form().Match(text.Trim()) is { Success: true } m
        && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int k)
        && int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
        && n >= 1 && k >= 1 && k <= n ? new Shard(k, n) : null;

    public override string ToString() => $"{Number}/{Count}";
}
