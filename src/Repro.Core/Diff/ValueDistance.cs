namespace Repro.Core.Diff;

/// <summary>
/// How far apart two published values are: absolute, relative (to the larger magnitude) and in units in the last
/// place of float64. NaN equals NaN (a diverged trial reproduced is a reproduction); NaN or a missing value against a
/// number is infinitely far in every measure.
/// </summary>
public static class ValueDistance
{
    /// <summary>Whether the two are the same value: bit for bit, except that every NaN is one NaN and −0 is 0.</summary>
    public static bool Same(double? a, double? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        ({ } x, { } y) => x.Equals(y),
    };

    public static double Abs(double? a, double? b) => Same(a, b) ? 0 : Finite(a, b) ? Math.Abs(a!.Value - b!.Value) : double.PositiveInfinity;

    public static double Rel(double? a, double? b)
    {
        if (Same(a, b)) return 0;
        if (!Finite(a, b)) return double.PositiveInfinity;
        double scale = Math.Max(Math.Abs(a!.Value), Math.Abs(b!.Value));
        return scale == 0 ? 0 : Math.Abs(a.Value - b.Value) / scale;
    }

    /// <summary>The number of float64 values between them, plus one (adjacent doubles are 1 apart; 0 and −0 are 0 apart).</summary>
    public static double Ulp(double? a, double? b)
    {
        if (Same(a, b)) return 0;
        if (a is not { } x || b is not { } y || double.IsNaN(x) || double.IsNaN(y)) return double.PositiveInfinity;
        return (double)Int128.Abs(Ordered(x) - Ordered(y));
    }

    // Maps doubles onto integers in their numeric order: positives keep their bits, negatives mirror below zero.
    static Int128 Ordered(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        return bits >= 0 ? bits : (Int128)long.MinValue - bits;
    }

    // Infinities count as finite here: the distance between them and a number is infinite by arithmetic.
    static bool Finite(double? a, double? b) => a is { } x && b is { } y && !double.IsNaN(x) && !double.IsNaN(y);
}
