using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Repro.Engine.Models;
using Repro.Engine.Optimizers;
using Repro.Engine.References;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Numerics;

/// <summary>One op family's fingerprint: the first 16 hex digits of SHA-256 over the bytes of its outputs.</summary>
public sealed record FamilyFingerprint(string Family, string What, string Fingerprint);

/// <param name="Overall">SHA-256 (16 hex digits) over every "family=fingerprint" line, in battery order</param>
public sealed record NumericsFingerprint(IReadOnlyList<FamilyFingerprint> Families, string Overall);

/// <summary>
/// A fixed battery of every op family the trainer, the metrics and the reference solvers use, each on fixed inputs
/// made in .NET (no library draws them), reduced to a fingerprint of its output bits. Two machines with the same
/// fingerprints compute the same bits for every published result; a family that differs names the kind of code
/// whose path depends on the CPU. Runs in well under a second, in the pinned environment of a run.
/// </summary>
public static class NumericsBattery
{
    sealed record Family(string Name, string What, Func<IEnumerable<Tensor>> Outputs);

    static readonly Family[] Families =
    [
        new("random-streams", "torch's CPU generator: randn, rand, randint, randperm, normal_ (data, init, minibatches)", RandomStreams),
        new("products-f64", "float64 mm, bmm, matrix-vector products in both batched forms, baddbmm, their gradients (MKL BLAS)", () => Products(ScalarType.Float64)),
        new("products-f32", "the same in float32 (MKL BLAS)", () => Products(ScalarType.Float32)),
        new("reductions", "sum, mean, vector norms (1, 2, ∞), min, max, argmax, topk along rows, float64 and float32", Reductions),
        new("elementwise", "+ − × ÷, addcmul, addcdiv, integer powers, abs, sign, clamp, where, relu, leaky_relu, one_hot", Elementwise),
        new("vector-math", "exp, tanh, sin in float64 and float32 (MKL's vector math, as libtorch calls it)", VectorMath),
        new("libm", "softplus, log_softmax, cross_entropy, atan2, entr (libtorch's SLEEF and C library paths); .NET Math.Exp, Log, Pow", Libm),
        new("portable-sqrt", "repro's correctly rounded square root (Numerics/PortableMath), float64 and float32", PortableSqrt),
        new("linear-algebra", "linalg.solve, pinv, svdvals (LAPACK)", LinearAlgebra),
        new("autograd", "gradients and Hessian-vector products of a tanh network, float64 (training and sharpness)", Autograd),
        new("training-f32", "20 AdamW steps of a one-hot embedding ReLU network with cross-entropy, float32 (the grokking path)", TrainingF32),
        new("reference-solvers", "an OR-Tools GLOP LP (minimum-L1 interpolant) and the hard-margin SVM's active-set QP", ReferenceSolvers),
    ];

    /// <summary>Runs the battery (starting libtorch with the pinned settings if needed).</summary>
    public static NumericsFingerprint Run()
    {
        TorchRuntime.Start();
        var families = new List<FamilyFingerprint>();
        foreach (var family in Families)
        {
            using var scope = NewDisposeScope();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var output in family.Outputs()) Append(hash, output);
            families.Add(new(family.Name, family.What, Hex(hash.GetHashAndReset())));
        }
        var overall = SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(families.Select(f => $"{f.Family}={f.Fingerprint}\n"))));
        return new(families, Hex(overall));
    }

    static string Hex(byte[] hash) => Convert.ToHexStringLower(hash)[..16];

    // Bits in, bits out: dtype and shape first, then the values with every NaN made one pattern (its sign is noise).
    static void Append(IncrementalHash hash, Tensor output)
    {
        var t = output.detach().cpu().contiguous();
        hash.AppendData(Encoding.UTF8.GetBytes($"{t.dtype}[{string.Join(",", t.shape)}]"));
        if (t.dtype == ScalarType.Float64)
        {
            var values = MemoryMarshal.Cast<byte, double>(t.bytes).ToArray();
            for (int i = 0; i < values.Length; i++) if (double.IsNaN(values[i])) values[i] = double.NaN;
            hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else if (t.dtype == ScalarType.Float32)
        {
            var values = MemoryMarshal.Cast<byte, float>(t.bytes).ToArray();
            for (int i = 0; i < values.Length; i++) if (float.IsNaN(values[i])) values[i] = float.NaN;
            hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else hash.AppendData(t.bytes);
    }

    /// <summary>n values in [lo, hi) from SplitMix64: the inputs depend on nothing but this code.</summary>
    static double[] Values(ulong seed, int n, double lo = -1, double hi = 1)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            ulong z = seed += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            values[i] = lo + (hi - lo) * ((z >> 11) * (1.0 / (1UL << 53)));
        }
        return values;
    }

    static Tensor Input(ulong seed, long[] shape, ScalarType dtype = ScalarType.Float64, double lo = -1, double hi = 1) =>
        tensor(Values(seed, (int)shape.Aggregate(1L, (a, b) => a * b), lo, hi), dtype: ScalarType.Float64).reshape(shape).to(dtype);

    static IEnumerable<Tensor> RandomStreams()
    {
        using var g = new Generator(20261201);
        yield return randn([7, 33], dtype: ScalarType.Float64, generator: g);
        yield return randn([3, 5], dtype: ScalarType.Float64, generator: g); // fewer than 16: the scalar path
        yield return rand([5, 9], dtype: ScalarType.Float64, generator: g);
        yield return randint(0, 1000, [64], generator: g);
        yield return randperm(97, generator: g);
        yield return empty([41, 3], dtype: ScalarType.Float64).normal_(0, 2, generator: g);
        yield return randn([9, 17], dtype: ScalarType.Float32, generator: g);
    }

    static IEnumerable<Tensor> Products(ScalarType dtype)
    {
        var x = Input(1, [1, 20, 37], dtype);
        var w = Input(2, [1, 37, 1], dtype);
        var xs = Input(3, [4, 20, 37], dtype);
        var ws = Input(4, [4, 37, 1], dtype).requires_grad_(true);
        var m = Input(5, [4, 37, 13], dtype);
        yield return x[0].mm(Input(6, [37, 29], dtype));
        yield return x[0].mv(w[0].squeeze(-1));
        yield return BatchedProducts.MatMul(x, w);   // K = 1: the column form
        var batched = BatchedProducts.MatMul(xs, ws); // K > 1: the row form
        yield return batched;
        yield return BatchedProducts.MatMul(xs, m);  // bmm
        yield return xs.baddbmm(m, Input(7, [4, 20, 13], dtype));
        var grad = Gradients.Of([batched.Square().sum()], [ws])[0];
        yield return grad;
    }

    static IEnumerable<Tensor> Reductions()
    {
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            var x = Input(11, [6, 301], dtype);
            yield return x.sum(1);
            yield return x.Square().flatten(1).sum(1);
            yield return x.mean([1]);
            yield return Held.VectorNorm(x, ord: 1, dims: [1]);
            yield return Held.VectorNorm(x, dims: [1]);
            yield return Held.VectorNorm(x, ord: double.PositiveInfinity, dims: [1]);
            yield return x.min(1).values;
            yield return x.max(1).values;
            yield return x.argmax(1);
            yield return x.abs().topk(5, dim: 1).indexes;
            yield return x.sum();
        }
    }

    static IEnumerable<Tensor> Elementwise()
    {
        // Held for the whole battery (Runtime/Held.cs says why).
        using var mulValue = 0.7.ToScalar();
        using var divValue = (-0.01).ToScalar();
        using var alpha = (-0.05).ToScalar();
        using var low = (-0.5).ToScalar();
        using var high = 0.5.ToScalar();
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            var a = Input(21, [5, 67], dtype);
            var b = Input(22, [5, 67], dtype, 0.5, 2);
            yield return a.Plus(b);
            yield return a - b.Times(0.3);
            yield return a * b;
            yield return a / b;
            yield return a.addcmul(a, b, value: mulValue);
            yield return a.addcdiv(a, b, value: divValue);
            yield return a.add(b, alpha: alpha);
            yield return a.Pow(2);
            yield return a.Pow(3);
            yield return a.abs();
            yield return a.sign();
            yield return a.clamp(low, high);
            yield return where(a.gt(Held.Zero), a, b);
            yield return nn.functional.relu(a);
            yield return Held.LeakyRelu(a, 0.1);
            yield return nn.functional.one_hot(a.argmax(1), 67).to(dtype);
        }
    }

    static IEnumerable<Tensor> VectorMath()
    {
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            var x = Input(31, [4099], dtype, -8, 8);
            yield return x.exp();
            yield return x.tanh();
            yield return x.sin();
            yield return x.Times(30).sin(); // beyond the first period: argument reduction
        }
    }

    static IEnumerable<Tensor> Libm()
    {
        var x = Input(41, [7, 41], ScalarType.Float64, -30, 30);
        yield return Held.Softplus(x);
        yield return nn.functional.log_softmax(x, 1);
        yield return nn.functional.cross_entropy(x, tensor(Enumerable.Range(0, 7).Select(i => (long)(i * 5)).ToArray()), reduction: nn.Reduction.None);
        yield return nn.functional.log_softmax(x.to(ScalarType.Float32), 1);
        yield return atan2(x, x.flip(1));
        yield return atan2(x[0, ..1], x[1, ..1]); // one element: the scalar path
        yield return special.entr(x.abs().Over(30));
        var values = Values(42, 257, -20, 20);
        yield return tensor(values.Select(Math.Exp).Concat(values.Select(v => Math.Log(Math.Abs(v)))).Concat(values.Select(v => Math.Pow(Math.Abs(v), 1.7))).ToArray());
    }

    static IEnumerable<Tensor> PortableSqrt()
    {
        var x = Input(51, [4099], ScalarType.Float64, 0, 100);
        yield return PortableMath.Sqrt(x);
        yield return PortableMath.Sqrt(x.to(ScalarType.Float32));
    }

    static IEnumerable<Tensor> LinearAlgebra()
    {
        var a = Input(61, [1, 20, 60]);
        var gram = a.bmm(a.transpose(1, 2)).Plus(eye(20, dtype: ScalarType.Float64).Times(0.1));
        yield return linalg.solve(gram, Input(62, [1, 20, 1]));
        yield return linalg.pinv(a);
        yield return linalg.svdvals(Input(63, [12, 9]));
    }

    static IEnumerable<Tensor> Autograd()
    {
        var x = Input(71, [1, 30, 5]);
        var w1 = Input(72, [1, 5, 16]).requires_grad_(true);
        var w2 = Input(73, [1, 16, 1]).requires_grad_(true);
        Tensor Loss() => BatchedProducts.MatMul(BatchedProducts.MatMul(x, w1).tanh().Over(Math.Sqrt(5)), w2).Square().mean();
        var grads = Gradients.Of([Loss()], [w1, w2], retainGraph: true, createGraph: true);
        foreach (var g in grads) yield return g;
        var v = new[] { Input(74, [1, 5, 16]), Input(75, [1, 16, 1]) };
        var dot = (grads[0] * v[0]).sum().Plus((grads[1] * v[1]).sum());
        foreach (var h in Gradients.Of([dot], [w1, w2], retainGraph: true)) yield return h;
    }

    static IEnumerable<Tensor> TrainingF32()
    {
        const int classes = 11, embed = 8, hidden = 32;
        var inputs = tensor(Enumerable.Range(0, classes * classes).Select(i => (long)i).ToArray());
        var targets = tensor(Enumerable.Range(0, classes * classes).Select(i => (long)((i / classes + i % classes) % classes)).ToArray());
        var parameters = new[]
        {
            Input(81, [1, classes * classes, embed], ScalarType.Float32).requires_grad_(true),
            Input(82, [1, embed, hidden], ScalarType.Float32).requires_grad_(true),
            Input(83, [1, hidden, classes], ScalarType.Float32).requires_grad_(true),
        };
        var design = nn.functional.one_hot(inputs, classes * classes).to(ScalarType.Float32).unsqueeze(0);
        using var adam = new Adam.AdamRun(parameters, new Adam.AdamSettings(0.01, 0.9, 0.98, 1e-8, 1.0));
        var losses = new List<Tensor>();
        for (int step = 0; step < 20; step++)
        {
            var logits = BatchedProducts.MatMul(nn.functional.relu(BatchedProducts.MatMul(BatchedProducts.MatMul(design, parameters[0]), parameters[1])), parameters[2]);
            var loss = nn.functional.cross_entropy(logits.flatten(0, 1), targets);
            foreach (var p in parameters) p.grad?.zero_();
            loss.backward();
            losses.Add(loss.detach().clone());
            adam.Step(1, loss.detach().unsqueeze(0));
        }
        foreach (var loss in losses) yield return loss;
        foreach (var p in parameters) yield return p.detach().clone();
    }

    static IEnumerable<Tensor> ReferenceSolvers()
    {
        var flat = Values(91, 6 * 15);
        var x = new double[6, 15];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 15; j++) x[i, j] = flat[i * 15 + j];
        var y = Values(92, 6);
        var l1 = LinearProgramReferences.MinL1Interpolant(x, y);
        yield return tensor(l1.Coefficients);
        var labels = Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        var separable = new double[6, 15];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 15; j++) separable[i, j] = x[i, j] + (j == 0 ? 2 * labels[i] : 0);
        var svm = HardMarginSvm.Solve(separable, labels);
        yield return tensor(svm.Coefficients);
        yield return tensor(svm.Scalars.Values.ToArray());
    }
}
