namespace Repro.Core.Claims.Reducers;

/// <summary>A reducer that makes one number of the selected trials' values; the claim compares that number.</summary>
public abstract record Statistic : Reducer
{
    /// <summary>The statistic; NaN when there is no trial or any has no value (diverged, never reached): a claim over it must fail.</summary>
    public double Reduce(IReadOnlyList<double> values) =>
        values.Count == 0 || values.Any(v => !double.IsFinite(v)) ? double.NaN : Of(values);

    /// <summary>The statistic of finite values, at least one.</summary>
    protected abstract double Of(IReadOnlyList<double> values);
}
