using Repro.Engine.Runtime;
using static Repro.Engine.References.ReferenceMath;
using static TorchSharp.torch;

namespace Repro.Engine.References;

/// <summary>
/// The hard-margin L2 SVM through the origin: ŵ = argmin ‖w‖² subject to yᵢ⟨w, xᵢ⟩ ≥ 1, the direction
/// gradient descent on separable data converges to (Soudry et al. 2018).
/// </summary>
/// <remarks>
/// No QP solver is at hand (OR-Tools' .NET wrapper has no quadratic objective), so this solves the dual,
/// a non-negative QP: min f(α) = ½‖Zᵀα‖² − Σα over α ≥ 0, zᵢ = yᵢxᵢ, and ŵ = Zᵀα. The method is
/// Lawson and Hanson's active set, moved from least squares to this QP: keep a passive set P with α_P &gt; 0,
/// jump to the minimizer of f on span(P), step back to the boundary when that leaves α ≥ 0, and add the
/// coordinate with the most negative gradient while one exists. It is exact (finite) in exact arithmetic.
/// <para>
/// The Gram matrix G = ZZᵀ is singular whenever n &gt; d (or rows are dependent), so f restricted to P
/// can be unbounded below. The linear algebra goes through the pseudo-inverse M = pinv(Z_P)
/// (pinv(G_PP) = MᵀM): when 1_P is not in range(Z_P), its projection onto null(Z_Pᵀ) is a direction of
/// linear descent along which f has no curvature; follow it to the boundary. If no coordinate blocks
/// it, the dual is unbounded, which happens exactly when the data are not separable (Farkas).
/// </para>
/// The returned scalars are the KKT residuals, recomputed in plain float64 from α and ŵ.
/// </remarks>
public static class HardMarginSvm
{
    /// <summary>Solves the hard-margin SVM; a <see cref="Repro.Core.RunException"/> if the data are not separable.</summary>
    public static ReferenceSolution Solve(double[,] x, double[] y, int maxIterations = 0)
    {
        var (n, d) = Shape(x, y);
        RequireLabels(y, ReferenceFailure.Svm);
        if (maxIterations <= 0) maxIterations = 20 * (n + d) + 100;
        TorchRuntime.Start();
        using var scope = NewDisposeScope();

        var z = SignedRows(x, y);
        var zt = ToTensor(z);
        double maxRowNorm = Enumerable.Range(0, n)
            .Max(i => NormL2(Enumerable.Range(0, d).Select(j => z[i, j]).ToArray()));
        if (maxRowNorm == 0) throw ReferenceFailure.Svm.Failed("every training example is zero, so no direction separates them", ReferenceFailure.SeparableData);

        var alpha = new double[n];
        var passive = new SortedSet<int>();
        int iterations = 0;
        bool polished = false;
        while (true)
        {
            var w = TransposeTimes(z, alpha);
            var gradient = Times(z, w).Select(v => v - 1).ToArray();
            // Gradients are differences of O(‖zᵢ‖‖w‖) terms and 1; below this they are roundoff.
            double tolerance = 1e-13 * Math.Max(1, maxRowNorm * NormL2(w)) * Math.Sqrt(d);
            int entering = -1;
            double most = -tolerance;
            for (int i = 0; i < n; i++)
                if (!passive.Contains(i) && gradient[i] < most) (most, entering) = (gradient[i], i);
            if (entering < 0)
            {
                // KKT holds: ∇f ≥ 0 off P, ∇f = 0 on P. Polish once, then check again.
                if (polished) break;
                Polish(zt, z, alpha, passive.ToArray());
                polished = true;
                continue;
            }
            polished = false;
            passive.Add(entering);
            if (!Descend(zt, z, alpha, passive, entering, ref iterations, maxIterations))
            {
                // The entering coordinate rises in exact arithmetic. Blocked at once with a zero step, its
                // gradient was roundoff, not a real violation: stop here instead of cycling.
                passive.Remove(entering);
                alpha[entering] = 0;
                break;
            }
        }
        return Certify(z, alpha, iterations);
    }

    /// <summary>
    /// Lawson–Hanson's inner loop: step toward the minimizer of f on span(P), back off to the boundary of
    /// α ≥ 0 when the step leaves it and drop the coordinates that hit zero, until a full step stays
    /// inside. False when the entering coordinate is blocked at once with a zero step.
    /// </summary>
    static bool Descend(Tensor zt, double[,] z, double[] alpha, SortedSet<int> passive, int entering,
        ref int iterations, int maxIterations)
    {
        while (true)
        {
            if (++iterations > maxIterations)
                throw ReferenceFailure.Svm.Failed($"the active-set method did not finish in {maxIterations} steps (cycling on degenerate data?)",
                    "change the data (another seed, data.n_train or data.features)");
            var members = passive.ToArray();
            var (direction, unbounded) = Direction(zt, z, alpha, members);
            double step = unbounded ? double.PositiveInfinity : 1;
            int blocking = -1;
            for (int k = 0; k < members.Length; k++)
            {
                if (direction[k] >= 0) continue;
                double t = alpha[members[k]] / -direction[k];
                if (t < step) (step, blocking) = (t, members[k]);
            }
            if (double.IsPositiveInfinity(step))
                throw ReferenceFailure.Svm.Failed("the data are not linearly separable through the origin (the dual is unbounded)", ReferenceFailure.SeparableData);
            if (blocking == entering && step == 0) return false;
            entering = -1;
            for (int k = 0; k < members.Length; k++) alpha[members[k]] += step * direction[k];
            if (blocking < 0) return true;
            alpha[blocking] = 0;
            foreach (int k in members)
                if (alpha[k] <= 0) { alpha[k] = 0; passive.Remove(k); }
        }
    }

    /// <summary>
    /// Iterative refinement on P: the Newton step computed from a fresh float64 gradient shrinks ∇f_P
    /// toward roundoff when the pseudo-inverse was computed from an ill-conditioned Z_P. A step is kept
    /// only if it keeps α_P &gt; 0 and lowers max |∇f_P|.
    /// </summary>
    static void Polish(Tensor zt, double[,] z, double[] alpha, int[] members)
    {
        double before = PassiveGradient(z, alpha, members);
        for (int round = 0; round < 3 && members.Length > 0; round++)
        {
            var (direction, unbounded) = Direction(zt, z, alpha, members);
            if (unbounded) return;
            var candidate = (double[])alpha.Clone();
            for (int k = 0; k < members.Length; k++) candidate[members[k]] += direction[k];
            double after = PassiveGradient(z, candidate, members);
            if (members.Any(i => candidate[i] <= 0) || !(after < before)) return;
            Array.Copy(candidate, alpha, alpha.Length);
            before = after;
        }
    }

    static double PassiveGradient(double[,] z, double[] alpha, int[] members)
    {
        var scores = Times(z, TransposeTimes(z, alpha));
        return members.Length == 0 ? 0 : members.Max(i => Math.Abs(scores[i] - 1));
    }

    /// <summary>
    /// The step on P: the min-norm Newton step −pinv(G_PP)∇f_P if f is bounded on span(P), else the descent
    /// direction (I − Z_P pinv(Z_P)) 1_P along which f falls linearly.
    /// </summary>
    static (double[] Direction, bool Unbounded) Direction(Tensor zt, double[,] z, double[] alpha, int[] members)
    {
        using var scope = NewDisposeScope();
        var zp = zt.index_select(0, tensor(members.Select(i => (long)i).ToArray()));          // |P|×d
        var m = linalg.pinv(zp);                                                              // d×|P|
        var ones = ones_like(zp[TensorIndex.Colon, 0]);
        var nullPart = ones - zp.matmul(m.matmul(ones));
        // Entries are O(1) when 1_P has a real component in null(Z_Pᵀ), O(ε·cond(Z_P)) when it has none.
        if (Held.VectorNorm(nullPart, ord: double.PositiveInfinity).item<double>() > 1e-9)
            return (ToArray(nullPart), true);

        var w = ToTensor(TransposeTimes(z, alpha));
        var residual = ones - zp.matmul(w);                                                   // −∇f_P
        return (ToArray(m.T.matmul(m.matmul(residual))), false);
    }

    /// <summary>The scalars <see cref="Certify"/> publishes beside ŵ.</summary>
    public static readonly IReadOnlyList<string> ScalarNames =
        ["norm", "margin", "objective", "iterations", "support_vectors", "primal_feasibility", "dual_feasibility",
         "complementary_slackness", "complementary_slackness_relative", "stationarity", "duality_gap"];

    static ReferenceSolution Certify(double[,] z, double[] alpha, int iterations)
    {
        // ŵ from torch, the stationarity check in plain loops: two independent evaluations of Zᵀα.
        var w = ToArray(ToTensor(z).T.matmul(ToTensor(alpha)));
        var scores = Times(z, w);
        double norm = NormL2(w);
        double dualObjective = alpha.Sum() - 0.5 * Math.Pow(NormL2(TransposeTimes(z, alpha)), 2);
        var s = Scalars();
        s["norm"] = norm;
        s["margin"] = 1 / norm;
        s["objective"] = 0.5 * norm * norm;
        s["iterations"] = iterations;
        s["support_vectors"] = alpha.Count(a => a > 0);
        s["primal_feasibility"] = Math.Max(0, scores.Max(v => 1 - v));
        s["dual_feasibility"] = Math.Max(0, -alpha.Min());
        s["complementary_slackness"] = alpha.Zip(scores, (a, v) => Math.Abs(a * (v - 1))).Max();
        // Σα = ‖ŵ‖² at the optimum, and roundoff in yᵢ⟨ŵ, xᵢ⟩ − 1 is about ε‖xᵢ‖‖ŵ‖, so the absolute value
        // above has a float64 floor near ε‖x‖‖ŵ‖³: ~1e-7 when the margin is ~1e-3. This one is scale-free.
        s["complementary_slackness_relative"] = s["complementary_slackness"] / Math.Max(alpha.Sum(), double.Epsilon);
        s["stationarity"] = NormLInf(w.Zip(TransposeTimes(z, alpha), (p, q) => p - q).ToArray());
        s["duality_gap"] = Math.Abs(0.5 * norm * norm - dualObjective);
        return new ReferenceSolution("hard_margin_svm", w, s);
    }
}
