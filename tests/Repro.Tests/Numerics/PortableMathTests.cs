using Repro.Engine.Metrics;
using Repro.Engine.Numerics;
using Repro.Engine.Runtime;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;

namespace Repro.Tests.Numerics;

/// <summary>
/// The square root and the angle the engine uses are the same on every x86-64: correctly rounded (IEEE 754), so
/// that no CPU vendor's vector-math library decides the last bit of a published value.
/// </summary>
public class PortableMathTests
{
    public PortableMathTests() => TorchRuntime.Start();

    static readonly double[] Special = [0.0, -0.0, double.Epsilon, 1e-310, double.MaxValue, double.PositiveInfinity, 1, 2, 4, 0.25, 1e-300, 1e300];

    static double[] Samples(int seed, int n)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => Math.Exp(random.NextDouble() * 100 - 50)), .. Special];
    }

    [Fact]
    public void Sqrt_of_float64_is_correctly_rounded_element_by_element()
    {
        var x = Samples(1, 65_536);
        var got = PortableMath.Sqrt(tensor(x)).data<double>().ToArray();
        for (int i = 0; i < x.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(got[i]) == BitConverter.DoubleToInt64Bits(Math.Sqrt(x[i])), $"sqrt({x[i]:R}) = {got[i]:R}, IEEE {Math.Sqrt(x[i]):R}");
    }

    [Fact]
    public void Sqrt_of_float32_is_correctly_rounded_element_by_element()
    {
        var x = Samples(2, 65_536).Select(v => (float)v).ToArray();
        var got = PortableMath.Sqrt(tensor(x)).data<float>().ToArray();
        for (int i = 0; i < x.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(got[i]) == BitConverter.SingleToInt32Bits(MathF.Sqrt(x[i])), $"sqrt({x[i]:R}) = {got[i]:R}, IEEE {MathF.Sqrt(x[i]):R}");
    }

    [Theory]
    [InlineData(2.7)]
    [InlineData(1 / 1.5)]
    [InlineData(-0.5)]
    public void Pow_is_the_c_library_pow_for_every_element_wherever_it_sits(double exponent)
    {
        var x = Samples(4, 64 * 37 - Special.Length).Select(Math.Abs).ToArray();
        var batch = tensor(x).reshape(64, 37);
        var together = Values(PortableMath.Pow(batch, exponent));
        for (int i = 0; i < x.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(together[i]) == BitConverter.DoubleToInt64Bits(Math.Pow(x[i], exponent)), $"pow({x[i]:R}, {exponent}) = {together[i]:R}");
        // A row alone is a tensor with another tail: the same bits (libtorch's own pow differs in some rows).
        for (int k = 0; k < 64; k++)
            Assert.Equal(together[(k * 37)..((k + 1) * 37)], Values(PortableMath.Pow(batch[k].clone(), exponent)));
        var floats = tensor(x.Select(v => (float)v).ToArray());
        Assert.Equal(x.Select(v => MathF.Pow((float)v, (float)exponent)), PortableMath.Pow(floats, exponent).data<float>().ToArray());
    }

    [Fact]
    public void Sqrt_keeps_shape_reads_views_and_leaves_its_input_alone()
    {
        var matrix = tensor(Samples(3, 35).Take(36).ToArray()).reshape(6, 6);
        var column = matrix[.., 2]; // not contiguous
        var result = PortableMath.Sqrt(column);
        Assert.Equal([6L], result.shape);
        Assert.Equal(Values(column).Select(Math.Sqrt), Values(result));
        var scalar = PortableMath.Sqrt(tensor(2.0));
        Assert.Empty(scalar.shape);
        Assert.Equal(Math.Sqrt(2), scalar.item<double>());
        Assert.True(double.IsNaN(PortableMath.Sqrt(tensor(new[] { -1.0 })).item<double>()));
    }

    [Fact]
    public void Sqrt_refuses_a_tensor_that_would_need_a_gradient()
    {
        var p = tensor(new[] { 4.0 }).requires_grad_(true);
        Assert.Throws<InvalidOperationException>(() => PortableMath.Sqrt(p));
        using (no_grad()) Assert.Equal(2.0, PortableMath.Sqrt(p).item<double>());
    }

    [Fact]
    public void Weight_norm_is_the_correctly_rounded_root_of_the_sum_of_squares()
    {
        // 2,000 random parameter rows: libtorch's own sqrt on AMD EPYC gets about 1% of such roots wrong in the last bit.
        var random = new Random(4);
        for (int trial = 0; trial < 2_000; trial++)
        {
            var values = Enumerable.Range(0, 7).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            var row = Row(values);
            double sumOfSquares = Values(row.square().flatten(1).sum(1))[0];
            var context = new MetricContext(null!, null!, [row], null!, null!, null!);
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Sqrt(sumOfSquares)), BitConverter.DoubleToInt64Bits(Values(new WeightNorm().Compute(context))[0]));
        }
    }

    [Theory]
    [InlineData(1e-9)]
    [InlineData(1e-4)]
    [InlineData(1.0)]
    [InlineData(45.0)]
    [InlineData(90.0)]
    [InlineData(179.9)]
    public void The_angle_is_accurate_down_to_tiny_angles(double degrees)
    {
        // b = a rotated by θ in the plane of two coordinates, scaled: the angle is θ, whatever the lengths.
        double theta = degrees * Math.PI / 180;
        var a = Row(3.0, 0.0, 0.0);
        var b = Row(0.5 * Math.Cos(theta), 0.5 * Math.Sin(theta), 0.0);
        double angle = Values(Relative.AngleDegrees(a, b))[0];
        Assert.True(Math.Abs(angle - degrees) <= 1e-13 * Math.Max(1, degrees), $"angle {angle:R}°, expected {degrees:R}°");
        // acos(cos θ) cannot resolve the smallest of these at all: its answer is 0.
        if (degrees < 1e-6) Assert.Equal(0.0, Math.Acos(Math.Cos(theta)));
    }

    [Fact]
    public void A_zero_vector_is_at_ninety_degrees_as_the_cosine_convention_gives()
    {
        Assert.Equal(90.0, Values(Relative.AngleDegrees(Row(0.0, 0.0), Row(1.0, 2.0)))[0]);
    }

    static double[] SoftplusInputs(int n)
    {
        var random = new Random(5);
        return [.. Enumerable.Range(0, n - 5).Select(_ => random.NextDouble() * 80 - 40), 0.0, -0.0, 20.5, -745, 710];
    }

    [Fact]
    public void Softplus_gives_every_element_the_same_bits_wherever_it_sits()
    {
        var x = SoftplusInputs(64 * 37);
        var batch = tensor(x).reshape(64, 37);
        var together = Values(PortableMath.Softplus(batch));
        for (int k = 0; k < 64; k++)
            Assert.Equal(together[(k * 37)..((k + 1) * 37)], Values(PortableMath.Softplus(batch[k].clone())));
        // These inputs catch the kernel it replaces: libtorch's softplus gives some row alone other bits.
        var old = Values(Held.Softplus(batch));
        Assert.Contains(Enumerable.Range(0, 64), k => !old[(k * 37)..((k + 1) * 37)].SequenceEqual(Values(Held.Softplus(batch[k].clone()))));
    }

    [Fact]
    public void Softplus_is_log1p_exp_and_its_gradient_is_the_sigmoid_also_at_zero()
    {
        var x = SoftplusInputs(500);
        var input = tensor(x).requires_grad_(true);
        var y = PortableMath.Softplus(input);
        y.sum().backward();
        var (values, gradient) = (Values(y.detach()), Values(input.grad!));
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Max(x[i], 0) + Math.Log(1 + Math.Exp(-Math.Abs(x[i]))), slope = 1 / (1 + Math.Exp(-x[i]));
            Assert.True(Math.Abs(values[i] - expected) <= 4e-16 * Math.Max(1, Math.Abs(expected)), $"softplus({x[i]:R}) = {values[i]:R}, expected {expected:R}");
            Assert.True(Math.Abs(gradient[i] - slope) <= 4e-16, $"softplus'({x[i]:R}) = {gradient[i]:R}, expected {slope:R}");
        }
        Assert.Equal(0.5, gradient[x.Length - 5]);
    }
}
