using System.Globalization;
using Repro.Core.Spec;
using static System.FormattableString;

namespace Repro.Core.Report;

/// <summary>The words, numbers and paths both renderings share, so README.md and index.html never disagree.</summary>
public static class ReportText
{
    public const string Heading = "Published results";

    public static string Verdict(bool passed) => passed ? "PASS" : "FAIL";

    /// <summary>Canonical numbers, as in claims.json and the CLI; a diverged claim has no value.</summary>
    public static string Measured(PublishedClaim c) => c.Measured switch
    {
        null => "diverged",
        double n when c.AgainstTrend => $"{Canonical.Number(n)} {(n == 1 ? "step" : "steps")} against the trend",
        double n => Canonical.Number(n),
    };

    public static string Passed(PublishedExperiment e) => Invariant($"{e.PassedCount} / {e.Claims.Count}");

    public static string Totals(IReadOnlyList<PublishedExperiment> experiments) =>
        Invariant($"{experiments.Count} experiment{(experiments.Count == 1 ? "" : "s")}, {experiments.Sum(e => e.PassedCount)} of {experiments.Sum(e => e.Claims.Count)} claims passed");

    /// <summary>Links are relative to the results folder the report sits in.</summary>
    public static string SpecPath(PublishedExperiment e) => $"../specs/{e.SpecFile}";

    public static string ClaimLink(PublishedExperiment e, PublishedClaim c) => Invariant($"{SpecPath(e)}#L{c.Line}");

    public static string FigurePath(PublishedExperiment e, PublishedFigure f) => $"{e.Name}/figures/{f.Id}.svg";

    public static string FilePath(PublishedExperiment e, PublishedFile f) => $"{e.Name}/{f.Path}";

    public static string Rows(PublishedFile f) => f.Rows is { } rows ? rows.ToString("N0", CultureInfo.InvariantCulture) : "";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes.ToString(CultureInfo.InvariantCulture)} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} KiB",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture)} MiB",
    };
}
