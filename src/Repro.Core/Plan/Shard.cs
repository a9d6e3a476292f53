using System.Globalization;
using System.Text.RegularExpressions;

namespace Repro.Core.Plan;

/// <summary>
/// `--shard K/N`: the K-th of N disjoint parts of a plan (the engine's Batching.Part says which trials: whole
/// batches, balanced by work). Shards trained on different machines or processes meet in the trial cache,
/// keyed by trial key, so any split merges cleanly.
/// </summary>
public sealed partial record Shard(int Number, int Count)
{
    public static readonly Shard Whole = new(1, 1);

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
