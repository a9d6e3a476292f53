namespace Repro.Core.Claims.Contrasts;

/// <summary>`as: ratio` — A's value over B's: `expect: "&lt; 0.5"` claims A is under half of B.</summary>
public sealed record Ratio : Contrast
{
    public override string Name => "ratio";

    public override string Doc => "A's value over B's (`< 0.5`: A is under half of B; no value where B's is 0)";

    public override string Symbol => "/";

    // Over a zero B a vote would count an infinity as holding `> F`; no value fails the claim instead of guessing.
    public override double Of(double a, double b) => b == 0 ? double.NaN : a / b;
}
