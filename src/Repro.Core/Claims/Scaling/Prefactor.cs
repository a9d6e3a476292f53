using Repro.Core.Spec;

namespace Repro.Core.Claims.Scaling;

/// <summary>
/// `scaling: prefactor K in PATH` — whether metric = c·PATHᴷ with one c: the spread max c / min c − 1 of
/// c = metric / PATHᴷ over one series, 0 for an exact power law. `expect: "&lt; 0.1"` claims every c is within 10% of
/// every other, a check of the law's shape that a fitted exponent alone does not make.
/// </summary>
public sealed record Prefactor(double K = 0) : ScalingLaw
{
    public override string Name => "prefactor";

    public override string Syntax => "prefactor K in PATH";

    public override string Pattern => @"prefactor\s+[-+0-9.eE]+";

    public override string Doc => "per seed, the spread max c / min c − 1 of c = metric / PATH^K across PATH's values: 0 for an exact power law with exponent K (no value unless every c > 0)";

    public override ScalingLaw? Parse(FormInput input)
    {
        if (FormInput.TryNumber(input.Argument, out double k)) return new Prefactor(k);
        input.Error($"scaling prefactor {FormInput.Quote(input.Argument)} needs the exponent K as a number", "write e.g. `scaling: prefactor -0.5 in data.n_train`");
        return null;
    }

    protected override double Fit(IReadOnlyList<(double X, double Y)> series)
    {
        var c = series.Select(p => p.Y / Math.Pow(p.X, K)).ToList();
        // A ratio of prefactors means something only between positive ones.
        return c.All(v => v > 0 && double.IsFinite(v)) ? c.Max() / c.Min() - 1 : double.NaN;
    }

    protected override string FormText => $"prefactor {Canonical.Number(K)}";
}
