using System.Globalization;
using Repro.Core.Progress;

namespace Repro.Cli.Progress;

/// <summary>A <see cref="ProgressSnapshot"/> as one line of text: what the log shows every interval and the terminal's bar beside it.</summary>
public static class ProgressLine
{
    public static string Of(ProgressSnapshot s)
    {
        var parts = new List<string> { $"{s.Spec}: {s.Done}/{s.Total} trials" };
        if (s.Cached > 0) parts.Add($"{s.Cached} cached");
        if (s.TrialStepsPerSecond > 0) parts.Add($"{Rate(s.TrialStepsPerSecond)} trial-steps/s");
        parts.Add(s.Eta is { } eta ? $"ETA {Duration(eta)}" : "ETA -");
        if (s.LossMin is { } lo && s.LossMax is { } hi)
            parts.Add(lo == hi ? $"loss {Number(lo)}" : $"loss {Number(lo)}..{Number(hi)}");
        return string.Join(", ", parts);
    }

    static string Rate(double r) => r >= 1e4 ? (r / 1e3).ToString("0", CultureInfo.InvariantCulture) + "k" : r.ToString(r >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture);

    static string Number(double v) => v.ToString("0.###e+0", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
        : $"{Math.Ceiling(t.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";
}
