namespace Repro.Core.Claims.Reducers;

/// <summary>
/// `reduce: std` — the sample standard deviation, √(Σ(x − mean)² / (n − 1)): the seeds are a sample of what the
/// experiment could give, so n − 1 (NumPy's `std(ddof=1)`, R's `sd`). Two passes (the mean, then the squared
/// deviations), which stays exact for equal values. Fewer than two trials have no spread to estimate: NaN, and the
/// claim fails.
/// </summary>
public sealed record Std : Statistic
{
    public override string Name => "std";

    public override string Doc => "the sample standard deviation (n − 1 in the denominator); fails with fewer than 2 trials";

    protected override double Of(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double mean = values.Average();
        double squares = values.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(squares / (values.Count - 1));
    }
}
