using System.Globalization;

namespace Repro.Core.Diff;

/// <summary>
/// `--tolerance abs=1e-12,rel=1e-9,ulp=4` (any subset): a value that differs passes when it is within ANY of the
/// given bounds, as numpy.isclose combines its abs and rel (an absolute bound for values near zero, a relative one
/// for large values, ulps for "the last bits only"). Infinite distances (NaN against a number) pass none.
/// </summary>
public sealed record Tolerance(double? Abs, double? Rel, double? Ulp)
{
    public static readonly Tolerance Exact = new(null, null, null);

    public bool Admits(double abs, double rel, double ulp) =>
        abs == 0 || (Abs is { } a && abs <= a) || (Rel is { } r && rel <= r) || (Ulp is { } u && ulp <= u);

    public override string ToString() => string.Join(",", new[] { ("abs", Abs), ("rel", Rel), ("ulp", Ulp) }
        .Where(b => b.Item2 is not null).Select(b => $"{b.Item1}={b.Item2!.Value.ToString("R", CultureInfo.InvariantCulture)}"));

    /// <summary>The bounds as written; a usage error naming the bad part otherwise.</summary>
    public static Tolerance Parse(string text)
    {
        double? abs = null, rel = null, ulp = null;
        const string Fix = "write e.g. `--tolerance abs=1e-12,rel=1e-9,ulp=4` (any of the three, each a number >= 0)";
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double bound)
                || !double.IsFinite(bound) || bound < 0)
                throw Fail.Usage($"--tolerance part '{part}' is not NAME=NUMBER with a finite number >= 0", Fix);
            switch (pieces[0])
            {
                case "abs" when abs is null: abs = bound; break;
                case "rel" when rel is null: rel = bound; break;
                case "ulp" when ulp is null: ulp = bound; break;
                case "abs" or "rel" or "ulp": throw Fail.Usage($"--tolerance names {pieces[0]} twice", Fix);
                default: throw Fail.Usage($"--tolerance has no bound '{pieces[0]}' (known: abs, rel, ulp)", Fix);
            }
        }
        return new Tolerance(abs, rel, ulp);
    }
}
