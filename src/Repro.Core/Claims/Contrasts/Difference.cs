namespace Repro.Core.Claims.Contrasts;

/// <summary>`as: difference` — A's value minus B's: `expect: "&lt; 0"` claims A is below B.</summary>
public sealed record Difference : Contrast
{
    public override string Name => "difference";

    public override string Doc => "A's value minus B's (`< 0`: A is below B)";

    public override string Symbol => "-";

    public override double Of(double a, double b) => a - b;
}
