using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Runtime;

/// <summary>
/// Numbers handed to libtorch as Scalars that stay alive for the whole native call.
/// </summary>
/// <remarks>
/// TorchSharp (0.107) passes a Scalar's native handle to libtorch without keeping the managed Scalar alive:
/// `tensor * 0.5` makes a Scalar, reads its handle and calls native code, after which nothing references it. A
/// garbage collection started by another thread during that call can finalize the Scalar and free what libtorch
/// is about to read (a snapshot run once failed with "toDouble: Expected false to be true"). So the engine never
/// converts a number to a Scalar implicitly: constants are the Scalars here, held for the process (never
/// finalized), and a value is `using var s = value.ToScalar();` around the call. TorchSharp's own wrappers that
/// make such a Scalar inside (the alpha 1 of `a + b`, `square()`'s exponent 2, softplus's β and threshold,
/// leaky_relu's slope, vector_norm's order) are replaced by the forms below, which pass held ones and keep
/// TorchSharp's Scalar types, so the arithmetic is the same op with the same bits.
/// tests/Repro.Tests/Engine/ScalarLifetimeTests.cs scans the engine's IL for any conversion left.
/// </remarks>
public static class Held
{
    // TorchSharp's implicit forms convert these exact types (an int 1 for alpha, an int 2 for square, doubles for softplus).
    public static readonly Scalar Zero = 0.ToScalar(), One = 1.ToScalar();
    static readonly Scalar Two = 2.ToScalar();
    static readonly Scalar SoftplusBeta = 1.0.ToScalar(), SoftplusThreshold = 20.0.ToScalar();

    /// <summary>a + b (TorchSharp's <c>a + b</c> is <c>a.add(b, 1)</c> with an unheld 1).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a += b in place.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary>t + x for a tensor and a held Scalar.</summary>
    public static Tensor Plus(this Tensor t, Scalar x) => t.add(x, One);

    /// <summary>t + x in place.</summary>
    public static Tensor PlusInPlace(this Tensor t, Scalar x) => t.add_(x, One);

    /// <summary>x − t (TorchSharp's <c>x - t</c> is <c>t.negative().add(x, 1)</c>).</summary>
    public static Tensor From(this Scalar x, Tensor t) => t.negative().add(x, One);

    /// <summary>t ⊙ t, as TorchSharp's square(): t.pow(2) with an int 2.</summary>
    public static Tensor Square(this Tensor t) => t.pow(Two);

    // Integers become integer Scalars, doubles double ones, as TorchSharp's implicit forms convert them (libtorch
    // keeps every integer Scalar as an int64, so int and long give the same op).

    public static Tensor Times(this Tensor t, double x)
    {
        using var s = x.ToScalar();
        return t.mul(s);
    }

    /// <summary>
    /// t · (numerator / denominator), the factor rounded once in t's own precision (a float32 Scalar for float32, so no
    /// double rounding through float64): as libtorch's backward formulas compute such factors in the tensor's type.
    /// </summary>
    public static Tensor TimesRatio(this Tensor t, int numerator, long denominator)
    {
        using var s = t.dtype == ScalarType.Float32 ? ((float)numerator / denominator).ToScalar() : ((double)numerator / denominator).ToScalar();
        return t.mul(s);
    }

    public static Tensor Times(this Tensor t, long x)
    {
        using var s = x.ToScalar();
        return t.mul(s);
    }

    public static Tensor TimesInPlace(this Tensor t, double x)
    {
        using var s = x.ToScalar();
        return t.mul_(s);
    }

    public static Tensor Over(this Tensor t, double x)
    {
        using var s = x.ToScalar();
        return t.div(s);
    }

    public static Tensor Over(this Tensor t, long x)
    {
        using var s = x.ToScalar();
        return t.div(s);
    }

    /// <summary>⌊t / x⌋ (t.div(x, floor)).</summary>
    public static Tensor FloorOver(this Tensor t, long x)
    {
        using var s = x.ToScalar();
        return t.div(s, rounding_mode: RoundingMode.floor);
    }

    /// <summary>t mod x (t.remainder(x)).</summary>
    public static Tensor Mod(this Tensor t, long x)
    {
        using var s = x.ToScalar();
        return t.remainder(s);
    }

    public static Tensor Plus(this Tensor t, long x)
    {
        using var s = x.ToScalar();
        return t.add(s, One);
    }

    public static Tensor Minus(this Tensor t, double x)
    {
        using var s = x.ToScalar();
        return t.sub(s);
    }

    public static Tensor Minus(this Tensor t, long x)
    {
        using var s = x.ToScalar();
        return t.sub(s);
    }

    /// <summary>t^k for an integer power k.</summary>
    public static Tensor Pow(this Tensor t, long k)
    {
        using var s = k.ToScalar();
        return t.pow(s);
    }

    /// <summary>A tensor of <paramref name="shape"/> filled with <paramref name="value"/>.</summary>
    public static Tensor Full(long[] shape, double value, ScalarType dtype, Device? device = null)
    {
        using var s = value.ToScalar();
        return full(shape, s, dtype: dtype, device: device);
    }

    /// <summary>A tensor like <paramref name="t"/> filled with <paramref name="value"/>.</summary>
    public static Tensor FullLike(Tensor t, double value)
    {
        using var s = value.ToScalar();
        return full_like(t, s);
    }

    /// <summary>log(1 + exp(x)) with softplus's defaults β = 1, threshold = 20 (nn.functional.softplus(x)).</summary>
    public static Tensor Softplus(Tensor x) => Softplus1(x, SoftplusBeta, SoftplusThreshold);

    /// <summary>max(x, s·x), nn.functional.leaky_relu(x, slope).</summary>
    public static Tensor LeakyRelu(Tensor x, double slope)
    {
        using var s = slope.ToScalar();
        return x.leaky_relu(s);
    }

    /// <summary>linalg.vector_norm(x, ord, dims, keepdim), the same libtorch call with a held order.</summary>
    public static Tensor VectorNorm(Tensor x, double ord = 2, long[]? dims = null, bool keepdim = false)
    {
        using var order = ord.ToScalar();
        var result = THSLinalg_vector_norm(x.Handle, HandleOf(order), dims, dims?.Length ?? 0, keepdim);
        GC.KeepAlive(x);
        if (result == IntPtr.Zero) CheckForErrors();
        return Tensor.UnsafeCreateTensor(result);
    }

    // TorchSharp's softplus(double, double) converts to Scalars and calls this private overload; here with held ones.
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "softplus1")]
    static extern Tensor Softplus1(Tensor x, Scalar beta, Scalar threshold);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Handle")]
    static extern IntPtr HandleOf(Scalar scalar);

    // linalg.vector_norm's native entry point (TorchSharp's declaration, whose wrapper makes an unheld Scalar of ord).
    [DllImport("LibTorchSharp")]
    static extern IntPtr THSLinalg_vector_norm(IntPtr tensor, IntPtr ord, long[]? dims, int dimsLength, [MarshalAs(UnmanagedType.U1)] bool keepdim);
}
