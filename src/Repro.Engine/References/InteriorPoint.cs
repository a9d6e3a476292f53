using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.References;

/// <summary>
/// The primal-dual interior-point method the nuclear-norm references share: min ⟨C, X⟩ s.t. A(X) = b, X ⪰ 0, with
/// dual max bᵀy s.t. A*(y) + S = C, S ⪰ 0; HKM direction, Mehrotra predictor-corrector, torch.linalg in float64. Each
/// reference gives its linear map (<see cref="IConstraints"/>) and its certificate, which alone decides when to stop:
/// the loop stops at a certified relative duality gap ≤ the tolerance, and fails when the gap stalls or the
/// iterations run out.
/// </summary>
static class InteriorPoint
{
    /// <summary>The map A (one number per constraint), its adjoint A*, and the Schur matrix M_kl = ⟨A_k, X A_l G⟩ (G = S⁻¹).</summary>
    internal interface IConstraints
    {
        Tensor Apply(Tensor z);
        Tensor Adjoint(Tensor y);
        Tensor Schur(Tensor x, Tensor g);
    }

    /// <summary>A feasible answer built from an iterate, its objective and the dual bound, recomputed by the reference.</summary>
    internal readonly record struct Certificate(Tensor Feasible, double Gap, double Nuclear, double Lower, double DualNorm);

    /// <summary>Iterations without a better gap after which the method gives up.</summary>
    const int Patience = 10;

    /// <param name="n">the order of X</param>
    /// <param name="b">the right-hand side, scaled to order 1 by the caller</param>
    /// <param name="certify">the certificate of the iterate (X, y)</param>
    /// <param name="answer">what the caller returns, from the first certificate within the tolerance and its iteration</param>
    /// <param name="failed">the reference's run error for a problem of the method's</param>
    internal static T Solve<T>(IConstraints a, int n, Tensor b, Tensor c, Func<Tensor, Tensor, Certificate> certify, Func<Certificate, int, T> answer,
        double tolerance, int maxIterations, Func<string, Exception> failed)
    {
        var x = eye(n, dtype: ScalarType.Float64);
        var s = eye(n, dtype: ScalarType.Float64);
        var y = zeros(b.shape[0], dtype: ScalarType.Float64);
        double best = double.PositiveInfinity;
        int bestAt = 0;
        for (int iteration = 0; ; iteration++)
        {
            using var step = NewDisposeScope();
            var certificate = certify(x, y);
            if (certificate.Gap <= tolerance) return answer(certificate, iteration);
            if (certificate.Gap < best) (best, bestAt) = (certificate.Gap, iteration);
            if (iteration - bestAt >= Patience) throw NotConverged($"stalled at {best:G3} for {Patience} iterations");
            if (iteration == maxIterations) throw NotConverged($"is {best:G3} after {maxIterations} iterations");

            var g = Symmetric(linalg.inv(s));
            var rp = b - a.Apply(x);
            var rd = c - a.Adjoint(y) - s;
            double mu = (x * s).sum().item<double>() / n;
            var schur = SchurSolver(a.Schur(x, g));
            var xrdg = x.matmul(rd).matmul(g);

            // The HKM direction: ΔX = T − X ΔS S⁻¹ (symmetrized), ΔS = R_d − A*(Δy), with Δy from the Schur system
            // M Δy = r_p − A(T) + A(X R_d S⁻¹), where T = σμS⁻¹ − X (− the corrector's second-order term).
            (Tensor Dx, Tensor Dy, Tensor Ds) Direction(Tensor target)
            {
                var dy = schur((rp - a.Apply(target)).Plus(a.Apply(xrdg)));
                var ds = rd - a.Adjoint(dy);
                return (Symmetric(target - x.matmul(ds).matmul(g)), dy, ds);
            }

            // Predictor (σ = 0), then the corrector with Mehrotra's σ = (μ_aff/μ)³ and second-order term.
            var (dxAff, _, dsAff) = Direction(-x);
            double alphaX = StepToBoundary(x, dxAff), alphaS = StepToBoundary(s, dsAff);
            double muAff = (x.Plus(dxAff.Times(Math.Min(1, alphaX))) * s.Plus(dsAff.Times(Math.Min(1, alphaS)))).sum().item<double>() / n;
            double sigma = Math.Pow(Math.Clamp(muAff / mu, 0, 1), 3);
            var (dx, dy, ds) = Direction(g.Times(sigma * mu) - x - dxAff.matmul(dsAff).matmul(g));

            // Stay a fraction away from the boundary of the cone: near the optimum X and S are nearly singular
            // and a step all the way would leave them indefinite in floating point.
            alphaX = Math.Min(1, 0.95 * StepToBoundary(x, dx));
            alphaS = Math.Min(1, 0.95 * StepToBoundary(s, ds));
            x = Symmetric(x.Plus(dx.Times(alphaX))).MoveToOuterDisposeScope();
            y = y.Plus(dy.Times(alphaS)).MoveToOuterDisposeScope();
            s = Symmetric(s.Plus(ds.Times(alphaS))).MoveToOuterDisposeScope();
        }

        Exception NotConverged(string what) =>
            failed($"the interior-point method stopped: the relative duality gap {what}, above the tolerance {tolerance:G3}");

        // The largest α with V + αD ⪰ 0 (∞ when D keeps V positive definite), from the eigenvalues of L⁻¹DL⁻ᵀ, V = LLᵀ.
        double StepToBoundary(Tensor v, Tensor d)
        {
            var (l, info) = linalg.cholesky_ex(v);
            if (info.item<int>() != 0) throw failed("an interior-point iterate lost positive definiteness");
            var half = linalg.solve_triangular(l, d, upper: false);
            var whitened = linalg.solve_triangular(l, half.T, upper: false);
            double lowest = linalg.eigvalsh(Symmetric(whitened)).min().item<double>();
            return lowest >= 0 ? double.PositiveInfinity : -1 / lowest;
        }
    }

    /// <summary>
    /// Solves with the Schur matrix by Cholesky; near the optimum it can lose numerical definiteness (X and S are
    /// nearly singular there), and LU with pivoting takes over.
    /// </summary>
    static Func<Tensor, Tensor> SchurSolver(Tensor m)
    {
        var (l, info) = linalg.cholesky_ex(m);
        if (info.item<int>() == 0) return rhs => rhs.unsqueeze(1).cholesky_solve(l).squeeze(1);
        return rhs => linalg.solve(m, rhs);
    }

    internal static Tensor Symmetric(Tensor t) => t.Plus(t.T).Over(2);
}
