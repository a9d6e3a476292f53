using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Numerics;

/// <summary>
/// Elementwise functions whose libtorch kernels give different bits on different x86-64 CPUs.
/// libtorch's CPU <c>sqrt</c> (and <c>exp</c>, <c>log</c>, <c>tanh</c>, <c>sin</c>, <c>acos</c>, …) on float32 and
/// float64 call MKL's vector math library (VML), which picks its code path by CPU vendor and model and ignores
/// MKL_CBWR and MKL_ENABLE_INSTRUCTIONS. On AMD EPYC its square root is not correctly rounded (761 of 65,536
/// float64 and 10,013 of 65,536 float32 samples differ from IEEE 754 in the last bit, under every MKL setting);
/// Intel Xeons take another path. IEEE 754 square root is correctly rounded, so computing it here, in .NET
/// (sqrtsd/vsqrtpd, whatever the vector width), gives the one correct answer on every x86-64 machine.
/// No gradient: for metrics and optimizer updates, never inside a loss.
/// </summary>
public static class PortableMath
{
    /// <summary>√x elementwise, correctly rounded, as a new contiguous tensor (CUDA and other dtypes: libtorch's sqrt).</summary>
    public static Tensor Sqrt(Tensor x)
    {
        if (x.requires_grad && is_grad_enabled())
            throw new InvalidOperationException("PortableMath.Sqrt has no gradient: call it on detached values or under no_grad");
        if (x.device_type != DeviceType.CPU || x.dtype is not (ScalarType.Float64 or ScalarType.Float32)) return x.sqrt();
        var source = x.is_contiguous() ? x : x.contiguous();
        var result = empty(x.shape, dtype: x.dtype, device: x.device);
        if (x.numel() == 0) return result;
        if (x.dtype == ScalarType.Float64) Sqrt(MemoryMarshal.Cast<byte, double>(source.bytes), MemoryMarshal.Cast<byte, double>(result.bytes));
        else Sqrt(MemoryMarshal.Cast<byte, float>(source.bytes), MemoryMarshal.Cast<byte, float>(result.bytes));
        return result;
    }

    /// <summary>
    /// log(1 + eˣ) elementwise with autograd, as r + log1p(exp(x − r − r)) for r = relu(x) (x − r − r = −|x|, exact).
    /// libtorch's softplus runs a vector kernel (SLEEF) on the body of a tensor and std::log1p(std::exp) on its
    /// tail, so an element's bits depended on where it sat, i.e. on how many trials shared its batch; exp and
    /// log1p are whole-tensor vector-math calls. Through relu rather than abs, the derivative at 0 is ½, not 0.
    /// </summary>
    public static Tensor Softplus(Tensor x)
    {
        var r = x.relu();
        return r.Plus((x - r - r).exp().log1p());
    }

    /// <summary>
    /// x^<paramref name="exponent"/> elementwise by the C library's pow, one function for every element. libtorch's pow
    /// with a non-integer exponent runs a vector kernel on the body of a tensor and the scalar one on its tail, which
    /// round differently, so an element's bits would depend on where it sits: on how many trials share its batch.
    /// No gradient, as <see cref="Sqrt(Tensor)"/>.
    /// </summary>
    public static Tensor Pow(Tensor x, double exponent)
    {
        if (x.requires_grad && is_grad_enabled())
            throw new InvalidOperationException("PortableMath.Pow has no gradient: call it on detached values or under no_grad");
        if (x.device_type != DeviceType.CPU || x.dtype is not (ScalarType.Float64 or ScalarType.Float32))
        {
            using var power = exponent.ToScalar();
            return x.pow(power);
        }
        var source = x.is_contiguous() ? x : x.contiguous();
        var result = empty(x.shape, dtype: x.dtype, device: x.device);
        if (x.numel() == 0) return result;
        if (x.dtype == ScalarType.Float64)
        {
            ReadOnlySpan<double> from = MemoryMarshal.Cast<byte, double>(source.bytes);
            var to = MemoryMarshal.Cast<byte, double>(result.bytes);
            for (int i = 0; i < from.Length; i++) to[i] = Math.Pow(from[i], exponent);
        }
        else
        {
            ReadOnlySpan<float> from = MemoryMarshal.Cast<byte, float>(source.bytes);
            var to = MemoryMarshal.Cast<byte, float>(result.bytes);
            for (int i = 0; i < from.Length; i++) to[i] = MathF.Pow(from[i], (float)exponent);
        }
        return result;
    }

    static void Sqrt<T>(ReadOnlySpan<T> from, Span<T> to) where T : unmanaged
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Square root is exact-rounded lane by lane, so the vector width changes speed, never bits.
            for (; i + Vector256<T>.Count <= from.Length; i += Vector256<T>.Count)
                Vector256.Sqrt(Vector256.Create(from.Slice(i, Vector256<T>.Count))).CopyTo(to.Slice(i));
        }
        for (; i < from.Length; i++)
            to[i] = typeof(T) == typeof(double)
                ? (T)(object)Math.Sqrt((double)(object)from[i])
                : (T)(object)MathF.Sqrt((float)(object)from[i]);
    }
}
