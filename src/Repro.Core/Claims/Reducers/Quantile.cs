namespace Repro.Core.Claims.Reducers;

/// <summary>`reduce: quantile Q` — linear interpolation between order statistics (NumPy's default, "type 7").</summary>
public sealed record Quantile(double Q = 0) : Statistic
{
    public override string Name => "quantile";

    public override string Syntax => "quantile Q";

    public override string Pattern => @"quantile\s+\S+";

    public override string Doc => "the Q-quantile, 0 ≤ Q ≤ 1, interpolated as NumPy's default";

    public override Reducer? Parse(FormInput input)
    {
        if (FormInput.TryNumber(input.Argument, out double q) && q is >= 0 and <= 1) return new Quantile(q);
        input.Error($"quantile {FormInput.Echo(input.Argument)} is not a number between 0 and 1", "write e.g. `reduce: quantile 0.9`");
        return null;
    }

    protected override double Of(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        double h = (sorted.Count - 1) * Q;
        int lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Count ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    protected override string Text => $"quantile {Spec.Canonical.Number(Q)}";
}
