using Repro.Core.Artifacts;

namespace Repro.Core.Diff;

/// <summary>How one metric's values compare: those matched on both sides, those that differ, the largest distances.</summary>
public sealed record MetricChange(string Table, string Metric, int Compared, int Differing, int BeyondTolerance, int OnlyInA, int OnlyInB,
    double MaxAbs, double MaxRel, double MaxUlp);

/// <summary>A claim whose verdict or measured value changed, or that one side lacks.</summary>
public sealed record ClaimChange(string Id, bool? PassedA, bool? PassedB, double? MeasuredA, double? MeasuredB)
{
    public bool VerdictChanged => PassedA != PassedB;
}

/// <summary>A published file that one side lacks or whose bytes differ.</summary>
public sealed record FileChange(string Path, string Change);

/// <summary>Everything that differs between two published folders (<see cref="Compare"/>).</summary>
public sealed record ResultDiff(
    PublishedSide A, PublishedSide B, Tolerance Tolerance,
    IReadOnlyList<TrialPair> Matched, IReadOnlyList<PublishedTrial> Removed, IReadOnlyList<PublishedTrial> Added,
    IReadOnlyList<ClaimChange> Claims, IReadOnlyList<MetricChange> Metrics, IReadOnlyList<FileChange> Files)
{
    public IEnumerable<TrialPair> ConfigChanged => Matched.Where(p => p.KeyChanged);

    /// <summary>The same content: every file byte for byte (provenance aside).</summary>
    public bool Identical => A.ContentSha256 == B.ContentSha256 && Files.Count == 0;

    /// <summary>
    /// Nothing moved beyond the tolerance: the same trials with the same configs, the same claim verdicts, and every
    /// metric value within the tolerance (exactly equal without one) with none missing on either side. Files whose
    /// bytes differ do not count: values within the tolerance change the bytes.
    /// </summary>
    public bool WithinTolerance => Identical || (Removed.Count == 0 && Added.Count == 0 && !ConfigChanged.Any()
        && !Claims.Any(c => c.VerdictChanged) && Metrics.All(m => m.BeyondTolerance == 0 && m.OnlyInA == 0 && m.OnlyInB == 0));

    /// <summary>The files neither side's content covers: where and when it ran, not what it computed.</summary>
    static readonly HashSet<string> Volatile = [ArtifactSet.ProvenanceFile, ArtifactSet.ManifestFile];

    /// <param name="tolerance">how far a metric value may move (none: not at all)</param>
    public static ResultDiff Compare(PublishedSide a, PublishedSide b, Tolerance? tolerance = null)
    {
        try
        {
            return Of(a, b, tolerance ?? Tolerance.Exact);
        }
        catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or NullReferenceException)
        {
            // Tables that parse but lack the published columns or types: not folders repro published.
            throw Fail.Usage($"{a.Label} or {b.Label} holds a table without the published columns ({e.Message})",
                "compare folders `repro run` published, unchanged");
        }
    }

    static ResultDiff Of(PublishedSide a, PublishedSide b, Tolerance tolerance)
    {
        var (pairs, removed, added) = TrialMatching.Match(a.Trials, b.Trials);
        var keyInB = pairs.ToDictionary(p => p.A.Key, p => p.B.Key, StringComparer.Ordinal);
        var metrics = new List<MetricChange>();
        metrics.AddRange(LongTable(a, b, "metrics.parquet", keyInB, tolerance));
        metrics.AddRange(WideTable(a, b, "summary.parquet", keyInB, tolerance));
        return new ResultDiff(a, b, tolerance, pairs, removed, added, ClaimChanges(a, b), metrics, FileChanges(a, b));
    }

    static List<ClaimChange> ClaimChanges(PublishedSide a, PublishedSide b)
    {
        var inA = a.Claims.ToDictionary(c => c.Id);
        var inB = b.Claims.ToDictionary(c => c.Id);
        return
        [
            .. a.Claims.Select(c => c.Id).Concat(b.Claims.Select(c => c.Id)).Distinct()
                .Select(id => (A: inA.GetValueOrDefault(id), B: inB.GetValueOrDefault(id), Id: id))
                .Where(c => c.A is null || c.B is null || c.A.Passed != c.B.Passed || !ValueDistance.Same(c.A.Measured, c.B.Measured))
                .Select(c => new ClaimChange(c.Id, c.A?.Passed, c.B?.Passed, c.A?.Measured, c.B?.Measured)),
        ];
    }

    static List<FileChange> FileChanges(PublishedSide a, PublishedSide b) =>
    [
        .. a.Files.Keys.Union(b.Files.Keys).Where(p => !Volatile.Contains(p)).Order(StringComparer.Ordinal)
            .Select(p => (Path: p, A: a.Files.GetValueOrDefault(p), B: b.Files.GetValueOrDefault(p)))
            .Where(f => f.A is null || f.B is null || !f.A.AsSpan().SequenceEqual(f.B))
            .Select(f => new FileChange(f.Path, f.A is null ? "added" : f.B is null ? "removed" : "changed")),
    ];

    // metrics.parquet: one row per (trial, step, metric).
    static IEnumerable<MetricChange> LongTable(PublishedSide a, PublishedSide b, string path, IReadOnlyDictionary<string, string> keyInB, Tolerance tolerance)
    {
        if (a.Table(path) is not { } ta || b.Table(path) is not { } tb) return [];
        Dictionary<(string Trial, long Step, string Metric), double?> Rows(Table t, Func<string, string?> key)
        {
            var rows = new Dictionary<(string, long, string), double?>();
            var (trial, step, metric, value) = (t["trial"].Values, t["step"].Values, t["metric"].Values, t["value"].Values);
            for (int r = 0; r < t.RowCount; r++)
                if (key((string)trial[r]!) is { } k) rows[(k, (long)step[r]!, (string)metric[r]!)] = (double?)value[r];
            return rows;
        }
        // A's trials under their B keys; A's removed trials are not compared (they are reported as removed).
        var rowsA = Rows(ta, k => keyInB.GetValueOrDefault(k));
        var matchedB = keyInB.Values.ToHashSet(StringComparer.Ordinal);
        var rowsB = Rows(tb, k => matchedB.Contains(k) ? k : null);
        return rowsA.Keys.Concat(rowsB.Keys).Select(k => k.Metric).Distinct().Order(StringComparer.Ordinal).Select(metric =>
        {
            var m = new Accumulator(path, metric, tolerance);
            foreach (var (k, va) in rowsA.Where(r => r.Key.Metric == metric))
                if (rowsB.TryGetValue(k, out var vb)) m.Add(va, vb); else m.OnlyInA++;
            m.OnlyInB = rowsB.Keys.Count(k => k.Metric == metric && !rowsA.ContainsKey(k));
            return m.Result();
        });
    }

    // summary.parquet: one row per trial, a column per published metric (and the trial's bookkeeping).
    static IEnumerable<MetricChange> WideTable(PublishedSide a, PublishedSide b, string path, IReadOnlyDictionary<string, string> keyInB, Tolerance tolerance)
    {
        if (a.Table(path) is not { } ta || b.Table(path) is not { } tb) return [];
        var rowOfB = Enumerable.Range(0, tb.RowCount).ToDictionary(r => (string)tb["trial"].Values[r]!, StringComparer.Ordinal);
        var columnsB = tb.Columns.Where(c => c.Type is ColumnType.Double or ColumnType.Int64 && c.Name != "seed").ToDictionary(c => c.Name);
        return ta.Columns.Where(c => columnsB.ContainsKey(c.Name) && c.Type == columnsB[c.Name].Type).Select(column =>
        {
            var m = new Accumulator(path, column.Name, tolerance);
            for (int r = 0; r < ta.RowCount; r++)
            {
                if (keyInB.GetValueOrDefault((string)ta["trial"].Values[r]!) is not { } key || !rowOfB.TryGetValue(key, out int rb)) continue;
                m.Add(AsDouble(column.Values[r]), AsDouble(columnsB[column.Name].Values[rb]));
            }
            return m.Result();
        });
    }

    static double? AsDouble(object? value) => value switch { double d => d, long l => l, _ => null };

    sealed class Accumulator(string table, string metric, Tolerance tolerance)
    {
        int compared, differing, beyond;
        double maxAbs, maxRel, maxUlp;
        public int OnlyInA;
        public int OnlyInB;

        public void Add(double? a, double? b)
        {
            compared++;
            if (ValueDistance.Same(a, b)) return;
            differing++;
            double abs = ValueDistance.Abs(a, b), rel = ValueDistance.Rel(a, b), ulp = ValueDistance.Ulp(a, b);
            (maxAbs, maxRel, maxUlp) = (Math.Max(maxAbs, abs), Math.Max(maxRel, rel), Math.Max(maxUlp, ulp));
            if (!tolerance.Admits(abs, rel, ulp)) beyond++;
        }

        public MetricChange Result() => new(table, metric, compared, differing, beyond, OnlyInA, OnlyInB, maxAbs, maxRel, maxUlp);
    }
}
