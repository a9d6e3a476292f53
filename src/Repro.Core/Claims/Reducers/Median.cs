namespace Repro.Core.Claims.Reducers;

/// <summary>`reduce: median` — the default of a trend, which compares one typical value per sweep value.</summary>
public sealed record Median : Statistic
{
    public override string Name => "median";

    public override string Doc => "the middle value (the mean of the two middle ones for an even count)";

    protected override double Of(IReadOnlyList<double> values) => Middle(values);

    /// <summary>The median of any values (figures take it of their lines' points too).</summary>
    public static double Middle(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
