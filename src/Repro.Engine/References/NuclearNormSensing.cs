using Repro.Engine.Runtime;
using static Repro.Engine.References.ReferenceMath;
using static TorchSharp.torch;

namespace Repro.Engine.References;

/// <summary>
/// The minimum-nuclear-norm positive semidefinite X (n × n) with ⟨A_k, X⟩ = b_k for general measurement matrices
/// A_k: matrix sensing (Gunasekar et al. 2017), whose factorized gradient descent X = UUᵀ from a small start they
/// conjectured finds it. For PSD X, ‖X‖_* = tr X, so this is the SDP min tr X s.t. ⟨A_k, X⟩ = b_k, X ⪰ 0, with dual
/// max bᵀy s.t. Σ y_k A_k ⪯ I.
/// </summary>
/// <remarks>
/// <para>The same primal-dual interior-point method as <see cref="NuclearNormCompletion"/> (HKM direction, Mehrotra
/// predictor-corrector, torch.linalg in float64), on dense constraints: the Schur matrix M_kl = tr(A_k X A_l S⁻¹) costs
/// O(m n³ + m² n²) per iteration. The completion solver is left as it is, so its published answers keep their bits.
/// Only the symmetric part of each A_k matters (X is symmetric), so A_k is symmetrized first.</para>
/// <para>Certificate, recomputed from the answer: the solver's X is projected onto ⟨A_k, X⟩ = b_k (least squares,
/// so the residual is at rounding level) and its nuclear norm is the objective; y scaled by max(1, λ_max(Σ y_k A_k))
/// is dual feasible, so bᵀy/max(1, λ_max) ≤ min tr X ≤ objective. The relative duality gap between them must be at
/// most the tolerance; min_eigenvalue reports how far the projected X is from the PSD cone (≈ 0).</para>
/// </remarks>
public static class NuclearNormSensing
{
    public static readonly IReadOnlyList<string> ScalarNames =
        ["objective", "dual_bound", "duality_gap", "dual_norm", "primal_residual", "min_eigenvalue", "rank", "iterations"];

    public const double DefaultTolerance = 1e-7;

    const string ChangeTheData = "change the data (another seed, data.n_train or data.rank)";
    const int Patience = 10;

    /// <summary>
    /// Solves for the n × n matrix measured by the rows of <paramref name="measurements"/> (each A_k row-major, n²
    /// numbers) with values <paramref name="values"/>. Coefficients are X row-major.
    /// </summary>
    public static ReferenceSolution Solve(int n, double[,] measurements, double[] values, double tolerance = DefaultTolerance, int maxIterations = 100)
    {
        var (m, width) = Shape(measurements, values);
        if (width != n * n) throw new ArgumentException($"each measurement must have n² = {n * n} numbers, not {width}", nameof(measurements));
        if (m > n * (n + 1) / 2)
            throw ReferenceFailure.MinNuclearSensing.Failed(
                $"{m} measurements of a symmetric {n}×{n} matrix exceed its {n * (n + 1) / 2} degrees of freedom, so they are linearly dependent",
                $"use data.n_train <= {n * (n + 1) / 2}");
        TorchRuntime.Start();
        using var scope = NewDisposeScope();

        var raw = ToTensor(measurements).reshape(m, n, n);
        var a = raw.Plus(raw.transpose(1, 2)).Over(2);
        var flat = a.reshape(m, n * n);
        var given = ToTensor(values);
        Tensor Apply(Tensor z) => flat.matmul(z.reshape(n * n));
        Tensor Adjoint(Tensor y) => y.matmul(flat).reshape(n, n);

        double scale = given.abs().max().item<double>();
        if (scale == 0)
            return Answer(Certificate(zeros(n, n, dtype: ScalarType.Float64), zeros(m, dtype: ScalarType.Float64)), 0);
        var b = given.Over(scale);

        var x = eye(n, dtype: ScalarType.Float64);
        var s = eye(n, dtype: ScalarType.Float64);
        var yDual = zeros(m, dtype: ScalarType.Float64);
        var c = eye(n, dtype: ScalarType.Float64);
        double best = double.PositiveInfinity;
        int bestAt = 0;
        for (int iteration = 0; ; iteration++)
        {
            using var step = NewDisposeScope();
            var certificate = Certificate(x.Times(scale), yDual);
            if (certificate.Gap <= tolerance) return Answer(certificate, iteration);
            if (certificate.Gap < best) (best, bestAt) = (certificate.Gap, iteration);
            if (iteration - bestAt >= Patience) throw NotConverged($"stalled at {best:G3} for {Patience} iterations");
            if (iteration == maxIterations) throw NotConverged($"is {best:G3} after {maxIterations} iterations");

            var g = Symmetric(linalg.inv(s));
            var rp = b - Apply(x);
            var rd = c - Adjoint(yDual) - s;
            double mu = (x * s).sum().item<double>() / n;
            var xag = x.matmul(a).matmul(g).reshape(m, n * n);
            var schur = SchurSolver(Symmetric(flat.matmul(xag.T)));
            var xrdg = x.matmul(rd).matmul(g);

            (Tensor Dx, Tensor Dy, Tensor Ds) Direction(Tensor target)
            {
                var dy = schur((rp - Apply(target)).Plus(Apply(xrdg)));
                var ds = rd - Adjoint(dy);
                return (Symmetric(target - x.matmul(ds).matmul(g)), dy, ds);
            }

            var (dxAff, _, dsAff) = Direction(-x);
            double alphaX = StepToBoundary(x, dxAff), alphaS = StepToBoundary(s, dsAff);
            double muAff = (x.Plus(dxAff.Times(Math.Min(1, alphaX))) * s.Plus(dsAff.Times(Math.Min(1, alphaS)))).sum().item<double>() / n;
            double sigma = Math.Pow(Math.Clamp(muAff / mu, 0, 1), 3);
            var (dx, dy, ds) = Direction(g.Times(sigma * mu) - x - dxAff.matmul(dsAff).matmul(g));

            alphaX = Math.Min(1, 0.95 * StepToBoundary(x, dx));
            alphaS = Math.Min(1, 0.95 * StepToBoundary(s, ds));
            x = Symmetric(x.Plus(dx.Times(alphaX))).MoveToOuterDisposeScope();
            yDual = yDual.Plus(dy.Times(alphaS)).MoveToOuterDisposeScope();
            s = Symmetric(s.Plus(ds.Times(alphaS))).MoveToOuterDisposeScope();
        }

        (Tensor Feasible, double Gap, double Nuclear, double Lower, double DualNorm) Certificate(Tensor candidate, Tensor dual)
        {
            // Least-squares projection onto the measurements: X + A*((AA*)⁻¹(b − A(X))).
            var gram = flat.matmul(flat.T);
            var correction = linalg.solve(gram, given - Apply(candidate));
            var feasible = Symmetric(candidate.Plus(Adjoint(correction)));
            double nuclear = linalg.svdvals(feasible).sum().item<double>();
            double norm = linalg.eigvalsh(Symmetric(Adjoint(dual))).max().item<double>();
            double lower = given.dot(dual).item<double>() / Math.Max(1, norm);
            return (feasible, nuclear == 0 ? 0 : (nuclear - lower) / nuclear, nuclear, lower, norm);
        }

        ReferenceSolution Answer((Tensor Feasible, double Gap, double Nuclear, double Lower, double DualNorm) certificate, int iterations)
        {
            var coefficients = ToArray(certificate.Feasible.flatten());
            var sigma = ToArray(linalg.svdvals(certificate.Feasible));
            var result = Scalars();
            result["objective"] = certificate.Nuclear;
            result["dual_bound"] = certificate.Lower;
            result["duality_gap"] = certificate.Gap;
            result["dual_norm"] = certificate.DualNorm;
            result["primal_residual"] = ResidualLInf(measurements, coefficients, values);
            result["min_eigenvalue"] = linalg.eigvalsh(certificate.Feasible).min().item<double>();
            result["rank"] = sigma.Count(v => v > 1e-6 * sigma[0]);
            result["iterations"] = iterations;
            return new ReferenceSolution("min_nuclear_sensing", coefficients, result);
        }

        Repro.Core.RunException NotConverged(string what) =>
            ReferenceFailure.MinNuclearSensing.Failed($"the interior-point method stopped: the relative duality gap {what}, above the tolerance {tolerance:G3}", ChangeTheData);
    }

    static Func<Tensor, Tensor> SchurSolver(Tensor m)
    {
        var (l, info) = linalg.cholesky_ex(m);
        if (info.item<int>() == 0) return rhs => rhs.unsqueeze(1).cholesky_solve(l).squeeze(1);
        return rhs => linalg.solve(m, rhs);
    }

    static double StepToBoundary(Tensor v, Tensor d)
    {
        var (l, info) = linalg.cholesky_ex(v);
        if (info.item<int>() != 0) throw ReferenceFailure.MinNuclearSensing.Failed("an interior-point iterate lost positive definiteness", ChangeTheData);
        var half = linalg.solve_triangular(l, d, upper: false);
        var whitened = linalg.solve_triangular(l, half.T, upper: false);
        double lowest = linalg.eigvalsh(Symmetric(whitened)).min().item<double>();
        return lowest >= 0 ? double.PositiveInfinity : -1 / lowest;
    }

    static Tensor Symmetric(Tensor t) => t.Plus(t.T).Over(2);
}
