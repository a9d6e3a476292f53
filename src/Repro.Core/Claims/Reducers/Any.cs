namespace Repro.Core.Claims.Reducers;

/// <summary>`reduce: any` — it shows the trial deepest inside the bound, among those with a value.</summary>
public sealed record Any : Vote
{
    public override string Name => "any";

    public override string Doc => "a vote: at least one trial must hold; shows the best";

    public override string Shown => "best";

    public override bool Passed(int holding, int trials) => holding > 0;

    public override double Pick(IReadOnlyList<double> values, Func<double, double> margin) =>
        values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).MaxBy(margin);
}
