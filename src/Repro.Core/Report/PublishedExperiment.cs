namespace Repro.Core.Report;

/// <summary>One checked claim as published in claims.json: only the fields the report shows.</summary>
/// <param name="Measured">Null when a selected trial diverged (JSON has no NaN).</param>
/// <param name="AgainstTrend">For a `monotone` claim, <see cref="Measured"/> counts steps against the trend.</param>
public sealed record PublishedClaim(string Id, int Line, string Expect, double? Measured, bool Passed, bool AgainstTrend = false);

/// <summary>One file listed in manifest.json; <see cref="Rows"/> is set for tables.</summary>
public sealed record PublishedFile(string Path, long Bytes, long? Rows = null);

/// <summary>A figure the spec declares: its file is figures/&lt;id&gt;.svg.</summary>
public sealed record PublishedFigure(string Id, string Title);

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
