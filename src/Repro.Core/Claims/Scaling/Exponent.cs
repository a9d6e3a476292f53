namespace Repro.Core.Claims.Scaling;

/// <summary>
/// `scaling: exponent in PATH` — the k of metric ∝ PATHᵏ: the least-squares slope of ln(metric) against ln(PATH)
/// over one series. Compared with the claimed exponent, `expect: "== -1", tolerance: { abs: 0.05 }`.
/// </summary>
public sealed record Exponent : ScalingLaw
{
    public override string Name => "exponent";

    public override string Doc => "per seed, the least-squares slope of ln(metric) against ln(PATH) across PATH's values: the k of metric ∝ PATH^k (no value where a value is ≤ 0)";

    protected override double Fit(IReadOnlyList<(double X, double Y)> series)
    {
        // A value ≤ 0 (or none) has no logarithm: the series has no exponent, and the claim fails.
        if (series.Any(p => !(p.Y > 0) || !double.IsFinite(p.Y))) return double.NaN;
        var logs = series.Select(p => (X: Math.Log(p.X), Y: Math.Log(p.Y))).ToList();
        double meanX = logs.Average(p => p.X), meanY = logs.Average(p => p.Y);
        return logs.Sum(p => (p.X - meanX) * (p.Y - meanY)) / logs.Sum(p => (p.X - meanX) * (p.X - meanX));
    }
}
