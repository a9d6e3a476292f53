namespace Repro.Core.Claims.Reducers;

/// <summary>`reduce: all` — the default of `==`; it shows the trial furthest from the bound (none if a trial has no value).</summary>
public sealed record All : Vote
{
    public override string Name => "all";

    public override string Doc => "a vote: every trial must hold; shows the worst";

    public override string Shown => "worst";

    public override bool Passed(int holding, int trials) => holding == trials;

    public override double Pick(IReadOnlyList<double> values, Func<double, double> margin) =>
        values.Count == 0 || values.Any(v => !double.IsFinite(v)) ? double.NaN : values.MinBy(margin);
}
