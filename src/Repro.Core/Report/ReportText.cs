using System.Globalization;
using Repro.Core.Spec;
using static System.FormattableString;

namespace Repro.Core.Report;

/// <summary>The words, numbers and paths both renderings share, so README.md and index.html never disagree.</summary>
public static class ReportText
{
    public const string Heading = "Published results";

    public static string Verdict(bool passed) => passed ? "PASS" : "FAIL";

    /// <summary>
    /// Canonical numbers, as in claims.json and the CLI; a diverged claim has no value. A trend shows its value at every
    /// point, and a ratio or difference that is one row's shows that row's two sides.
    /// </summary>
    public static string Measured(PublishedClaim c) => c.Measured switch
    {
        null => "diverged",
        double n when c.AgainstTrend => Trend(c.Detail.Trend, n),
        double n => Canonical.Number(n) + Sides(c.Detail),
    };

    static string Trend(IReadOnlyList<TrendPoint> points, double against)
    {
        string steps = $"{Canonical.Number(against)} {(against == 1 ? "step" : "steps")} against the trend";
        return points.Count == 0 ? steps
            : $"{string.Join(", ", points.Select(p => $"{Canonical.Number(p.At)}: {Short(p.Value)}"))} ({steps})";
    }

    static string Sides(ClaimDetail d) =>
        d is { Shown: int i, Contrast: "ratio" or "difference" } && d.Rows[i].Values is [var (_, a), var (_, b)] && a is not null && b is not null
            ? $" = {Short(a)} {(d.Contrast == "ratio" ? "/" : "−")} {Short(b)}"
            : "";

    /// <summary>Four significant digits, for values shown beside the canonical one.</summary>
    public static string Short(double? value) => value is { } v
        ? v.ToString("G4", CultureInfo.InvariantCulture).Replace("E+", "e").Replace("E-", "e-")
        : "diverged";

    /// <summary>Six significant digits, for the values in a claim's details.</summary>
    public static string Detail(double? value) => value is { } v
        ? v.ToString("G6", CultureInfo.InvariantCulture).Replace("E+", "e").Replace("E-", "e-")
        : "—";

    public static string Passed(PublishedExperiment e) => Invariant($"{e.PassedCount} / {e.Claims.Count}");

    public static string Totals(IReadOnlyList<PublishedExperiment> experiments) =>
        Invariant($"{experiments.Count} experiment{(experiments.Count == 1 ? "" : "s")}, {experiments.Sum(e => e.PassedCount)} of {experiments.Sum(e => e.Claims.Count)} claims passed");

    /// <summary>Links are relative to the results folder the report sits in.</summary>
    public static string SpecPath(PublishedExperiment e) => $"../specs/{e.SpecFile}";

    public static string ClaimLink(PublishedExperiment e, PublishedClaim c) => Invariant($"{SpecPath(e)}#L{c.Line}");

    public static string FigurePath(PublishedExperiment e, PublishedFigure f) => $"{e.Name}/figures/{f.Id}.svg";

    public static string FigurePdfPath(PublishedExperiment e, PublishedFigure f) => $"{e.Name}/figures/{f.Id}.pdf";

    public static string FilePath(PublishedExperiment e, PublishedFile f) => $"{e.Name}/{f.Path}";

    public static string Rows(PublishedFile f) => f.Rows is { } rows ? rows.ToString("N0", CultureInfo.InvariantCulture) : "";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes.ToString(CultureInfo.InvariantCulture)} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} KiB",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture)} MiB",
    };
}
