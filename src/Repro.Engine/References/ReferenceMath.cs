using static TorchSharp.torch;

namespace Repro.Engine.References;

/// <summary>
/// float64 helpers shared by the reference solvers (matrix products by TorchSharp). Certificates are
/// recomputed here, outside the solver that produced the answer, so a solver bug cannot also hide in its
/// own residuals. Callers have started the torch runtime.
/// </summary>
static class ReferenceMath
{
    public static (int N, int D) Shape(double[,] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n = x.GetLength(0), d = x.GetLength(1);
        if (n == 0 || d == 0) throw new ArgumentException($"the design matrix is empty ({n}×{d})", nameof(x));
        if (y.Length != n) throw new ArgumentException($"X has {n} rows but y has {y.Length} entries", nameof(y));
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(y[i])) throw new ArgumentException($"y[{i}] is not finite", nameof(y));
            for (int j = 0; j < d; j++)
                if (!double.IsFinite(x[i, j])) throw new ArgumentException($"X[{i},{j}] is not finite", nameof(x));
        }
        return (n, d);
    }

    /// <summary>Max-margin references need ±1 labels; regression targets are a spec that asks for the wrong metric.</summary>
    public static void RequireLabels(double[] y, ReferenceFailure reference)
    {
        for (int i = 0; i < y.Length; i++)
            if (y[i] is not (1.0 or -1.0))
                throw reference.Failed($"labels must be -1 or +1, but y[{i}] = {y[i]}", ReferenceFailure.SeparableData);
    }

    /// <summary>Zᵢⱼ = yᵢ Xᵢⱼ: a margin constraint yᵢ⟨w, xᵢ⟩ ≥ γ becomes ⟨w, zᵢ⟩ ≥ γ.</summary>
    public static double[,] SignedRows(double[,] x, double[] y)
    {
        using var scope = NewDisposeScope();
        return ToMatrix(ToTensor(x) * tensor(y, dtype: ScalarType.Float64).unsqueeze(1));
    }

    /// <summary>A w.</summary>
    public static double[] Times(double[,] a, double[] w)
    {
        using var scope = NewDisposeScope();
        return ToTensor(a).matmul(tensor(w, dtype: ScalarType.Float64)).data<double>().ToArray();
    }

    /// <summary>Aᵀ v.</summary>
    public static double[] TransposeTimes(double[,] a, double[] v)
    {
        using var scope = NewDisposeScope();
        return ToTensor(a).t().matmul(tensor(v, dtype: ScalarType.Float64)).data<double>().ToArray();
    }

    public static double NormL1(double[] v) => v.Sum(Math.Abs);
    public static double NormL2(double[] v) => Math.Sqrt(v.Sum(e => e * e));
    public static double NormLInf(double[] v) => v.Length == 0 ? 0 : v.Max(Math.Abs);
    public static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    /// <summary>‖Aw − b‖∞.</summary>
    public static double ResidualLInf(double[,] a, double[] w, double[] b) =>
        NormLInf(Times(a, w).Zip(b, (p, q) => p - q).ToArray());

    public static SortedDictionary<string, double> Scalars() => new(StringComparer.Ordinal);

    /// <summary>A float64 CPU tensor holding a copy of the matrix (row-major).</summary>
    public static Tensor ToTensor(double[,] a)
    {
        Runtime.TorchRuntime.Start();
        int n = a.GetLength(0), d = a.GetLength(1);
        var flat = new double[n * d];
        Buffer.BlockCopy(a, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [n, d], ScalarType.Float64);
    }

    public static Tensor ToTensor(double[] v)
    {
        Runtime.TorchRuntime.Start();
        return tensor(v, [v.Length], ScalarType.Float64);
    }

    public static double[] ToArray(Tensor t) => t.contiguous().data<double>().ToArray();

    public static double[,] ToMatrix(Tensor t)
    {
        var flat = ToArray(t);
        var m = new double[t.shape[0], t.shape[1]];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }
}
