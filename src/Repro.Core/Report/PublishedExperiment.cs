namespace Repro.Core.Report;

/// <summary>One checked claim as published in claims.json: only the fields the report shows.</summary>
/// <param name="Measured">Null when a selected trial diverged (JSON has no NaN).</param>
/// <param name="AgainstTrend">For a `monotone` claim, <see cref="Measured"/> counts steps against the trend.</param>
public sealed record PublishedClaim(string Id, int Line, string Expect, double? Measured, bool Passed, bool AgainstTrend = false)
{
    /// <summary>What the measured value was made of, for the claim's details.</summary>
    public ClaimDetail Detail { get; init; } = ClaimDetail.None;
}

/// <summary>
/// How a claim was checked, as claims.json records it: what was read from which trials, and the values it was made of:
/// a trend's point per swept value, a measure's units (both sides of a comparison, a fit's points), or a ratio's two sides per trial.
/// </summary>
/// <param name="Compared">The path (or `step`) whose values the <see cref="Rows"/>' columns are; null for a ratio's sides.</param>
/// <param name="Contrast">`ratio` or `difference` for a comparison; `ratio` for a ratio to another metric; null otherwise.</param>
/// <param name="Shown">Which row the measured value is, when it is exactly one row's (a max, a vote's worst); null otherwise.</param>
public sealed record ClaimDetail(string Metric, string At, string Reduce, string Where, int Trials, int Diverged, int? Holding,
    string? Tolerance, string? Compared, string? Contrast, IReadOnlyList<TrendPoint> Trend, IReadOnlyList<PublishedUnit> Rows, int? Shown)
{
    public static readonly ClaimDetail None = new("", "", "", "", 0, 0, null, null, null, null, [], [], null);

    /// <summary>Rows are units of a measure (a comparison, a fit) rather than trials.</summary>
    public bool RowsAreUnits { get; init; }
}

/// <summary>One value of a trend's swept path and the claim's reduced value there (null: diverged).</summary>
public sealed record TrendPoint(double At, double? Value);

/// <summary>One row of a claim's details: which unit or trial, its values (column, value), and what was made of them.</summary>
public sealed record PublishedUnit(string Label, IReadOnlyList<(string At, double? Value)> Values, double? Measured);

/// <summary>One file listed in manifest.json; <see cref="Rows"/> is set for tables.</summary>
public sealed record PublishedFile(string Path, long Bytes, long? Rows = null);

/// <summary>A figure the spec declares: its files are figures/&lt;id&gt;.svg and .pdf; <see cref="Svg"/> is the SVG's markup, checked, for inlining.</summary>
public sealed record PublishedFigure(string Id, string Title, string Svg = "", bool HasPdf = false);

/// <summary>
/// Everything the report shows about one published folder: the spec's name, title and source, its
/// claims and its files. <see cref="Figures"/> are the published SVGs, in the spec's order.
/// </summary>
public sealed record PublishedExperiment(
    string Name, string Title, string Source, string SpecFile,
    IReadOnlyList<PublishedClaim> Claims, IReadOnlyList<PublishedFigure> Figures,
    IReadOnlyList<PublishedFile> Files)
{
    public int PassedCount => Claims.Count(c => c.Passed);

    public bool AllPassed => PassedCount == Claims.Count;
}
