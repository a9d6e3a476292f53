using Repro.Engine.Runtime;
using static Repro.Engine.References.InteriorPoint;
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
/// <para>The interior-point method of <see cref="NuclearNormCompletion"/> (<see cref="InteriorPoint"/>), on dense
/// constraints: the Schur matrix M_kl = tr(A_k X A_l S⁻¹) costs O(m n³ + m² n²) per iteration. Only the symmetric part of each A_k matters (X is symmetric), so A_k is symmetrized first.</para>
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
        var constraints = new Constraints(a, flat);

        double scale = given.abs().max().item<double>();
        if (scale == 0)
            return Answer(Certificate(zeros(n, n, dtype: ScalarType.Float64), zeros(m, dtype: ScalarType.Float64)), 0);
        var b = given.Over(scale);

        return InteriorPoint.Solve(constraints, n, b, eye(n, dtype: ScalarType.Float64), (x, y) => Certificate(x.Times(scale), y), Answer,
            tolerance, maxIterations, problem => ReferenceFailure.MinNuclearSensing.Failed(problem, ChangeTheData));

        InteriorPoint.Certificate Certificate(Tensor candidate, Tensor dual)
        {
            // Least-squares projection onto the measurements: X + A*((AA*)⁻¹(b − A(X))).
            var gram = flat.matmul(flat.T);
            var correction = linalg.solve(gram, given - constraints.Apply(candidate));
            var feasible = Symmetric(candidate.Plus(constraints.Adjoint(correction)));
            double nuclear = linalg.svdvals(feasible).sum().item<double>();
            double norm = linalg.eigvalsh(Symmetric(constraints.Adjoint(dual))).max().item<double>();
            double lower = given.dot(dual).item<double>() / Math.Max(1, norm);
            return new(feasible, nuclear == 0 ? 0 : (nuclear - lower) / nuclear, nuclear, lower, norm);
        }

        ReferenceSolution Answer(InteriorPoint.Certificate certificate, int iterations)
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
    }

    /// <summary>A(X)_k = ⟨A_k, X⟩ over the symmetrized A_k (m × n × n, and flat: m × n²); M_kl = tr(A_k X A_l G).</summary>
    sealed class Constraints(Tensor a, Tensor flat) : InteriorPoint.IConstraints
    {
        readonly long n = a.shape[1];

        public Tensor Apply(Tensor z) => flat.matmul(z.reshape(n * n));

        public Tensor Adjoint(Tensor y) => y.matmul(flat).reshape(n, n);

        public Tensor Schur(Tensor x, Tensor g) => Symmetric(flat.matmul(x.matmul(a).matmul(g).reshape(a.shape[0], n * n).T));
    }
}
