using System.Globalization;
using Repro.Cli.Output;
using Repro.Core.Diff;

namespace Repro.Cli.Diff;

/// <summary>`repro diff`'s table: trials, claims, metrics, files, and the verdict its exit code follows.</summary>
public static class DiffText
{
    public static void Write(TextWriter output, ResultDiff diff)
    {
        output.WriteLine($"A: {Side(diff.A)}");
        output.WriteLine($"B: {Side(diff.B)}");
        var changed = diff.ConfigChanged.ToList();
        output.WriteLine($"trials: {diff.Matched.Count - changed.Count} unchanged, {changed.Count} config changed, {diff.Added.Count} added, {diff.Removed.Count} removed");
        foreach (var pair in changed)
            output.WriteLine($"  changed  seed {pair.B.Seed}  {pair.A.Key[..12]} -> {pair.B.Key[..12]}: " + (pair.Leaves.Count == 0
                ? "the key changed through a value the published configs do not show (engine version, or an unswept value)"
                : string.Join(", ", pair.Leaves.Select(l => $"{l.Leaf} {l.A ?? "(none)"} -> {l.B ?? "(none)"}"))));
        foreach (var t in diff.Added) output.WriteLine($"  added    seed {t.Seed}  {t.Key[..12]}{Config(t)}");
        foreach (var t in diff.Removed) output.WriteLine($"  removed  seed {t.Seed}  {t.Key[..12]}{Config(t)}");

        output.WriteLine($"claims: {diff.Claims.Count(c => c.VerdictChanged)} changed verdict, {diff.Claims.Count(c => !c.VerdictChanged)} changed measured value only");
        foreach (var c in diff.Claims)
            output.WriteLine($"  {c.Id}: {Verdict(c.PassedA)} -> {Verdict(c.PassedB)} (measured {Number(c.MeasuredA)} -> {Number(c.MeasuredB)})");

        var moved = diff.Metrics.Where(m => m.Differing > 0 || m.OnlyInA > 0 || m.OnlyInB > 0).ToList();
        output.WriteLine($"metrics: {moved.Count} of {diff.Metrics.Count} differ");
        if (moved.Count > 0)
            TextTable.Write(output, [["table", "metric", "compared", "differing", "beyond tolerance", "only A/B", "max abs", "max rel", "max ulp"],
                .. moved.Select(m => (IReadOnlyList<string>)[m.Table, m.Metric, Count(m.Compared), Count(m.Differing), Count(m.BeyondTolerance),
                    $"{m.OnlyInA}/{m.OnlyInB}", Number(m.MaxAbs), Number(m.MaxRel), Number(m.MaxUlp)])]);
        if (diff.Files.Count > 0) output.WriteLine($"files: {string.Join(", ", diff.Files.Select(f => $"{f.Path} ({f.Change})"))}");

        string tolerance = diff.Tolerance == Tolerance.Exact ? "" : $" (tolerance {diff.Tolerance})";
        output.WriteLine(diff.Identical ? "identical"
            : diff.Tolerance != Tolerance.Exact && diff.WithinTolerance ? $"within tolerance{tolerance}"
            : $"differ{tolerance}");
    }

    static string Side(PublishedSide s) => $"{s.Label}: spec {s.Spec}, {s.Trials.Count} trials, content {s.ContentSha256[..12]}";

    static string Config(PublishedTrial t) => t.Config.Count == 0 ? "" : "  " + string.Join(", ", t.Config.Select(c => $"{c.Key}={c.Value}"));

    static string Verdict(bool? passed) => passed switch { true => "PASS", false => "FAIL", null => "(none)" };

    static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    static string Number(double? value) => value switch
    {
        null => "-",
        double.PositiveInfinity => "inf",
        { } v => v.ToString("G4", CultureInfo.InvariantCulture),
    };
}
