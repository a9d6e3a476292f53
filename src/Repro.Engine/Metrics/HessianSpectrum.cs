using Repro.Engine.Numerics;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>
/// The top two eigenvalues of the Hessian of the full-batch training loss, from Hessian-vector products (double
/// backward through autograd), so the Hessian is never formed; by the spec's `eigensolver:` (power iteration by
/// default, exactly as sharpness always computed it). Start vectors come from a fixed generator, so each value is a
/// deterministic function of the weights. Work is shared per step: sharpness and lambda_2 read one computation.
/// </summary>
public static class HessianSpectrum
{
    public const string Power = "power", Lanczos = "lanczos";

    /// <summary>λ₁: the largest eigenvalue (power iteration: the largest in magnitude).</summary>
    public static double Top(MetricContext c) => c.Eigensolver.Kind == Lanczos ? LanczosOf(c)[0] : PowerOf(c).Value;

    /// <summary>λ₂ (power iteration: the largest in magnitude once λ₁'s eigenvector is projected out); NaN with one parameter.</summary>
    public static double Second(MetricContext c) => c.Eigensolver.Kind == Lanczos
        ? LanczosOf(c)[1]
        : c.OncePerStep("hessian.power.second", () =>
        {
            var top = PowerOf(c);
            using var second = PowerIteration(Loss(c), c.Parameters, c.Eigensolver.Iterations, c.Eigensolver.Tolerance, top.Vector);
            return second.Value;
        });

    static Eigenpair PowerOf(MetricContext c) => c.SharedPerStep("hessian.power", () =>
        PowerIteration(Loss(c), c.Parameters, c.Eigensolver.Iterations, c.Eigensolver.Tolerance));

    static double[] LanczosOf(MetricContext c) => c.SharedPerStep("hessian.lanczos", () =>
        LanczosTopTwo(Loss(c), c.Parameters, c.Eigensolver.Iterations, c.Eigensolver.Tolerance));

    static Func<Tensor> Loss(MetricContext c) => () => c.Loss.Compute(c.Model.Forward(c.Parameters, c.Data.XTrain), c.Data.YTrain).sum();

    /// <summary>An eigenvalue estimate and its unit eigenvector (one tensor per parameter), held until disposed.</summary>
    public sealed class Eigenpair(double value, List<Tensor> vector) : IDisposable
    {
        public double Value => value;
        public IReadOnlyList<Tensor> Vector => vector;
        public void Dispose() { foreach (var t in vector) t.Dispose(); }
    }

    /// <summary>
    /// Power iteration on ∇²loss; with <paramref name="deflate"/> (a unit eigenvector) on the Hessian projected off it.
    /// Without it the arithmetic is the one sharpness has always done, so its values keep their bits.
    /// </summary>
    public static Eigenpair PowerIteration(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, long iterations, double tolerance,
        IReadOnlyList<Tensor>? deflate = null)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var inputs = parameters.ToList();
        var gradients = Gradients.Of([loss()], inputs, retainGraph: true, createGraph: true);
        using var generator = new Generator(0);
        var v = parameters.Select(p => randn(p.shape, dtype: p.dtype, device: p.device, generator: generator)).ToList();
        if (deflate is not null && Count(parameters) < 2) return new Eigenpair(double.NaN, []);
        v = Normalize(Project(v, deflate));
        double eigenvalue = 0;
        for (long i = 0; i < iterations; i++)
        {
            var dot = gradients.Zip(v, (g, d) => (g * d).sum()).Aggregate(Held.Plus);
            // retain_graph: true, explicitly: TorchSharp's default is false even with create_graph, and a second
            // product through a freed graph kills the process.
            var hv = Project(Gradients.Of([dot], inputs, retainGraph: true).ToList(), deflate);
            double next = hv.Zip(v, (h, d) => (h * d).sum()).Aggregate(Held.Plus).to(ScalarType.Float64).item<double>();
            v = Normalize(hv.Select(h => h.detach()).ToList());
            bool converged = Math.Abs(next - eigenvalue) <= tolerance * Math.Max(1, Math.Abs(next));
            eigenvalue = next;
            if (converged) break;
        }
        return new Eigenpair(eigenvalue, [.. v.Select(t => t.detach().clone().DetachFromDisposeScope())]);
    }

    // v − ⟨u, v⟩u for a unit u; v itself without one (the plain power iteration takes no extra op).
    static List<Tensor> Project(List<Tensor> v, IReadOnlyList<Tensor>? u)
    {
        if (u is null) return v;
        var along = u.Zip(v, (a, b) => (a * b).sum()).Aggregate(Held.Plus);
        return [.. v.Zip(u, (b, a) => b - a * along)];
    }

    static List<Tensor> Normalize(List<Tensor> v)
    {
        var norm = PortableMath.Sqrt(v.Select(t => t.Square().sum()).Aggregate(Held.Plus));
        return v.Select(t => t / norm).ToList();
    }

    static long Count(IReadOnlyList<Tensor> parameters) => parameters.Sum(p => p.numel());

    /// <summary>
    /// The two largest Ritz values of Lanczos on ∇²loss with full reorthogonalization (two Gram–Schmidt passes against
    /// every basis vector, in float64), from the power iteration's start vector. Stops after <paramref name="iterations"/>
    /// steps (at most the parameter count), when both values change by at most tolerance·max(1, |λ|), or when the
    /// Krylov space is invariant (then they are exact). λ₂ is NaN with one parameter.
    /// </summary>
    public static double[] LanczosTopTwo(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, long iterations, double tolerance)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var inputs = parameters.ToList();
        var gradients = Gradients.Of([loss()], inputs, retainGraph: true, createGraph: true);
        using var generator = new Generator(0);
        var start = parameters.Select(p => randn(p.shape, dtype: p.dtype, device: p.device, generator: generator)).ToList();
        var q = cat([.. start.Select(t => t.reshape(-1).to(ScalarType.Float64))]);
        q = q / Norm(q);
        long[] sizes = [.. parameters.Select(p => p.numel())];
        long steps = Math.Min(iterations, q.shape[0]);

        Tensor Product(Tensor flat)
        {
            var pieces = flat.split(sizes);
            var d = parameters.Select((p, i) => pieces[i].reshape(p.shape).to(p.dtype)).ToList();
            var dot = gradients.Zip(d, (g, x) => (g * x).sum()).Aggregate(Held.Plus);
            var hv = Gradients.Of([dot], inputs, retainGraph: true);
            return cat([.. hv.Select(h => h.detach().reshape(-1).to(ScalarType.Float64))]);
        }

        var basis = new List<Tensor> { q };
        var alphas = new List<double>();
        var betas = new List<double>();
        double[] ritz = [], previous = [];
        for (long j = 0; j < steps; j++)
        {
            var w = Product(basis[^1]);
            alphas.Add((basis[^1] * w).sum().item<double>());
            var qs = stack(basis);
            for (int pass = 0; pass < 2; pass++) w = w - qs.t().mv(qs.mv(w));
            ritz = RitzValues(alphas, betas);
            bool converged = previous.Length >= 2 && ritz.Take(2).Select((r, i) => Math.Abs(r - previous[i]) <= tolerance * Math.Max(1, Math.Abs(r))).All(x => x);
            previous = ritz;
            if (converged || j == steps - 1) break;
            double beta = Norm(w).item<double>();
            // An invariant Krylov space: T's eigenvalues are eigenvalues of the Hessian.
            if (beta <= 1e-12 * Math.Max(1, Math.Abs(ritz[0]))) break;
            betas.Add(beta);
            basis.Add(w.Over(beta));
        }
        return [ritz[0], ritz.Length > 1 ? ritz[1] : double.NaN];
    }

    static Tensor Norm(Tensor v) => PortableMath.Sqrt(v.Square().sum());

    /// <summary>The eigenvalues of the symmetric tridiagonal T (diagonal α, off-diagonal β), largest first, by LAPACK.</summary>
    static double[] RitzValues(List<double> alphas, List<double> betas)
    {
        int k = alphas.Count;
        var t = new double[k * k];
        for (int i = 0; i < k; i++) t[i * k + i] = alphas[i];
        for (int i = 0; i + 1 < k; i++) t[i * k + i + 1] = t[(i + 1) * k + i] = betas[i];
        using var values = linalg.eigvalsh(tensor(t, [k, k], ScalarType.Float64));
        return [.. values.data<double>().ToArray().Reverse()];
    }
}
