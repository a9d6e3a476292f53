namespace Repro.Core.Diff;

/// <summary>A trial of A and the trial of B it became: same key, or a changed config (<see cref="Leaves"/> says what).</summary>
public sealed record TrialPair(PublishedTrial A, PublishedTrial B, IReadOnlyList<LeafChange> Leaves)
{
    public bool KeyChanged => A.Key != B.Key;
}

/// <summary>One config leaf that differs between a trial and the trial it became (null: the side lacks the leaf).</summary>
public sealed record LeafChange(string Leaf, string? A, string? B);

/// <summary>
/// Which trial of B each trial of A became across an edit. By key first (nothing changed); then by seed and config
/// (the key changed through a value the configs do not show, such as the engine version or an unswept value where
/// only the sweep is known); then, per seed, by position among what is left (an edited sweep value). What remains
/// was added or removed.
/// </summary>
public static class TrialMatching
{
    public static (IReadOnlyList<TrialPair> Pairs, IReadOnlyList<PublishedTrial> Removed, IReadOnlyList<PublishedTrial> Added) Match(
        IReadOnlyList<PublishedTrial> a, IReadOnlyList<PublishedTrial> b)
    {
        var pairs = new List<TrialPair>();
        var leftA = a.ToList();
        var leftB = b.ToList();
        void Pair(Func<PublishedTrial, PublishedTrial, bool> same)
        {
            foreach (var x in leftA.ToList())
            {
                var y = leftB.FirstOrDefault(t => same(x, t));
                if (y is null) continue;
                pairs.Add(new TrialPair(x, y, Changes(x, y)));
                leftA.Remove(x);
                leftB.Remove(y);
            }
        }
        Pair((x, y) => x.Key == y.Key);
        Pair((x, y) => x.Seed == y.Seed && Changes(x, y).Count == 0);
        Pair((x, y) => x.Seed == y.Seed);
        return ([.. pairs.OrderBy(p => p.B.Position)], leftA, leftB);
    }

    static List<LeafChange> Changes(PublishedTrial a, PublishedTrial b) =>
    [
        .. a.Config.Keys.Union(b.Config.Keys).Order(StringComparer.Ordinal)
            .Select(leaf => new LeafChange(leaf, a.Config.GetValueOrDefault(leaf), b.Config.GetValueOrDefault(leaf)))
            .Where(c => c.A != c.B),
    ];
}
