using Repro.Engine.Runtime;
using static Repro.Engine.References.InteriorPoint;
using static Repro.Engine.References.ReferenceMath;
using static TorchSharp.torch;

namespace Repro.Engine.References;

/// <summary>
/// The minimum-nuclear-norm completion argmin ‖W‖_* subject to W_ij = b_ij on the observed entries Ω: the
/// convex surrogate of the lowest-rank completion (Candès and Recht 2009), which Gunasekar et al. (2017)
/// conjectured factorized gradient descent from small initialization finds.
/// </summary>
/// <remarks>
/// <para>Solved as the semidefinite program it is (Fazel 2002): ‖W‖_* = min ½ tr Z over Z = [[P, W], [Wᵀ, Q]] ⪰ 0,
/// with the constraints Z_{i, rows+j} = b_ij for (i, j) ∈ Ω. Its dual is max ⟨Y, B⟩ over Y supported on Ω with
/// ‖Y‖₂ ≤ 1 (B the observations, zero elsewhere). A primal-dual interior-point method (HKM direction,
/// Mehrotra predictor-corrector; torch.linalg in float64) reaches the tolerance in 10-20 iterations also
/// where the solution is degenerate, where ADMM with singular value thresholding took up to 20,000 on the
/// same problems. The Newton (Schur) system is over the m observed entries: O(m³) per iteration.</para>
/// <para>Certificate, recomputed from the answer and independent of how it was found: the returned W has its
/// observed entries set to b exactly (feasible), Y is the solver's dual matrix scaled by max(1, ‖Y‖₂) (dual
/// feasible), so ⟨Y, B⟩ ≤ min ‖·‖_* ≤ ‖W‖_*. The relative duality gap (‖W‖_* − ⟨Y, B⟩)/‖W‖_* is reported and must
/// be at most the tolerance: ‖W‖_* is then within that fraction of the true minimum. A zero gap is the
/// optimality condition Y = U Vᵀ + R with R ⊥ W's singular vectors U, V and ‖R‖₂ ≤ 1.</para>
/// </remarks>
public static class NuclearNormCompletion
{
    /// <summary>The scalars a solution publishes beside vec(X*): its certificate, rank and iteration count.</summary>
    public static readonly IReadOnlyList<string> ScalarNames = ["objective", "dual_bound", "duality_gap", "dual_norm", "primal_residual", "rank", "iterations"];

    /// <summary>
    /// The relative duality gap asked for. Double precision interior-point methods stall somewhere below
    /// 1e-8 on these problems (the Schur matrix becomes singular when more entries are observed than the
    /// solution has degrees of freedom); 1e-7 is reached in about ten iterations and is orders of magnitude
    /// finer than any claim about it.
    /// </summary>
    public const double DefaultTolerance = 1e-7;

    const string ChangeTheData = "change the data (another seed, data.observed or data.rank)";

    /// <summary>
    /// Completes the rows × cols matrix observed at <paramref name="entries"/> (row-major flat indices,
    /// distinct) with <paramref name="values"/>, to a relative duality gap ≤ <paramref name="tolerance"/>.
    /// Coefficients are W row-major.
    /// </summary>
    public static ReferenceSolution Solve(int rows, int cols, long[] entries, double[] values, double tolerance = DefaultTolerance, int maxIterations = 100)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(values);
        if (rows < 1 || cols < 1) throw new ArgumentException($"the matrix is empty ({rows}×{cols})");
        if (entries.Length != values.Length) throw new ArgumentException($"{entries.Length} entries but {values.Length} values", nameof(values));
        if (entries.Length == 0) throw new ArgumentException("nothing is observed", nameof(entries));
        if (entries.Any(e => e < 0 || e >= (long)rows * cols) || entries.Distinct().Count() != entries.Length)
            throw new ArgumentException($"entries must be distinct flat indices in [0, {(long)rows * cols})", nameof(entries));
        if (!values.All(double.IsFinite)) throw new ArgumentException("values must be finite", nameof(values));
        TorchRuntime.Start();
        using var scope = NewDisposeScope();

        var flat = tensor(entries, ScalarType.Int64);
        var observed = zeros(rows * cols, dtype: ScalarType.Float64).index_put_(ToTensor(values), flat).reshape(rows, cols);
        var sdp = new Sdp(rows, cols, flat);
        // Solve for b/s, s = ‖B‖₂, so that the starting point and tolerances fit any scale; W* scales with s.
        double scale = linalg.svdvals(observed)[0].item<double>();
        var given = ToTensor(values);
        if (scale == 0)
            return Answer(Certificate(zeros(rows, cols, dtype: ScalarType.Float64), flat, given, observed, zeros(rows, cols, dtype: ScalarType.Float64)), entries, values, 0);
        var b = given.Over(scale);

        return InteriorPoint.Solve(sdp, rows + cols, b, eye(rows + cols, dtype: ScalarType.Float64).Over(2),
            (x, y) => Certificate(sdp.Completion(x).Times(scale), flat, given, observed, sdp.DualMatrix(y)),
            (certificate, iterations) => Answer(certificate, entries, values, iterations),
            tolerance, maxIterations, problem => ReferenceFailure.MinNuclear.Failed(problem, ChangeTheData));
    }

    /// <summary>
    /// The certificate of a candidate: W with its observed entries reset to b (feasible), ‖W‖_*, and the lower
    /// bound ⟨Y, B⟩/max(1, ‖Y‖₂) from the dual matrix Y (supported on Ω by construction).
    /// </summary>
    static InteriorPoint.Certificate Certificate(Tensor w, Tensor flat, Tensor values, Tensor observed, Tensor dual)
    {
        var feasible = w.flatten().clone().index_put_(values, flat).reshape(w.shape);
        double nuclear = linalg.svdvals(feasible).sum().item<double>();
        double norm = linalg.svdvals(dual)[0].item<double>();
        double lower = (dual * observed).sum().item<double>() / Math.Max(1, norm);
        return new(feasible, nuclear == 0 ? 0 : (nuclear - lower) / nuclear, nuclear, lower, norm);
    }

    static ReferenceSolution Answer(InteriorPoint.Certificate certificate, long[] entries, double[] values, int iterations)
    {
        var coefficients = ToArray(certificate.Feasible.flatten());
        var sigma = ToArray(linalg.svdvals(certificate.Feasible));
        var s = Scalars();
        s["objective"] = certificate.Nuclear;
        s["dual_bound"] = certificate.Lower;
        s["duality_gap"] = certificate.Gap;
        s["dual_norm"] = certificate.DualNorm;
        s["primal_residual"] = entries.Select((e, k) => Math.Abs(coefficients[e] - values[k])).Max();
        s["rank"] = sigma.Count(v => v > 1e-6 * sigma[0]);
        s["iterations"] = iterations;
        return new ReferenceSolution("min_nuclear_completion", coefficients, s);
    }

    /// <summary>The SDP's linear map A(Z)_k = Z_{p_k q_k} (p the row, q = rows + column of entry k), its adjoint and Schur matrix.</summary>
    sealed class Sdp(int rows, int cols, Tensor flat) : InteriorPoint.IConstraints
    {
        readonly Tensor p = flat.FloorOver(cols);
        readonly Tensor q = flat.Mod(cols).Plus(rows);

        /// <summary>A(Z)_k = (Z_pq + Z_qp)/2, i.e. ⟨A_k, Z⟩ with A_k = (e_p e_qᵀ + e_q e_pᵀ)/2.</summary>
        public Tensor Apply(Tensor z) => z.index(p, q).Plus(z.index(q, p)).Over(2);

        /// <summary>A*(y) = Σ y_k A_k.</summary>
        public Tensor Adjoint(Tensor y)
        {
            var z = zeros(rows + cols, rows + cols, dtype: ScalarType.Float64).index_put_(y.Over(2), p, q);
            return z.Plus(z.T);
        }

        /// <summary>M_kl = ⟨A_k, X A_l G⟩, expanded over the four index pairs of A_k and A_l.</summary>
        public Tensor Schur(Tensor x, Tensor g)
        {
            Tensor At(Tensor m, Tensor a, Tensor b) => m.index_select(0, a).index_select(1, b);
            var schur = (At(x, q, p) * At(g, p, q)).Plus(At(x, q, q) * At(g, p, p)).Plus(At(x, p, p) * At(g, q, q)).Plus(At(x, p, q) * At(g, q, p)).Over(4);
            return Symmetric(schur);
        }

        public Tensor Completion(Tensor x) => x.narrow(0, 0, rows).narrow(1, rows, cols);

        public Tensor DualMatrix(Tensor y) => zeros(rows, cols, dtype: ScalarType.Float64).index_put_(y, p, q.Minus(rows));
    }
}
