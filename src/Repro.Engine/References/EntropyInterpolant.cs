using Repro.Engine.Runtime;
using static Repro.Engine.References.ReferenceMath;
using static TorchSharp.torch;

namespace Repro.Engine.References;

/// <summary>
/// The interpolant that mirror descent with the entropy potential ψ(w) = Σ wⱼ log wⱼ − wⱼ (exponentiated
/// gradient) converges to from w0 on a consistent linear system: argmin D_ψ(w, w0) subject to Xw = y,
/// w &gt; 0, where D_ψ(w, w0) = Σ wⱼ log(wⱼ/w0ⱼ) − wⱼ + w0ⱼ.
/// </summary>
/// <remarks>
/// Stationarity gives log(w/w0) = Xᵀν, so w = w0 ⊙ exp(Xᵀν) and only ν ∈ ℝⁿ is unknown. ν minimizes the
/// smooth convex dual φ(ν) = Σ w0 ⊙ exp(Xᵀν) − ⟨ν, y⟩, whose gradient is Xw − y and Hessian X diag(w) Xᵀ
/// (positive definite when X has full row rank). Damped Newton (Armijo backtracking) on φ converges
/// quadratically near ν*. Every iterate is of the optimal form, so the only certificate needed is
/// primal feasibility ‖Xw − y‖∞, recomputed in plain float64. If y is not in X·ℝᵈ₊₊, φ is unbounded
/// below, ν diverges and the method stops with an exception.
/// </remarks>
public static class EntropyInterpolant
{
    /// <summary>The scalars a solution publishes beside w.</summary>
    public static readonly IReadOnlyList<string> ScalarNames = ["primal_residual", "divergence", "objective", "iterations"];

    const double Ulp = 2.220446049250313e-16; // the spacing of doubles at 1

    /// <summary>Solves to ‖Xw − y‖∞ ≤ <paramref name="tolerance"/> · max(1, ‖y‖∞), or to the rounding floor of Xw where that is larger.</summary>
    public static ReferenceSolution Solve(double[,] x, double[] y, double[] w0, double tolerance = 1e-12, int maxIterations = 100)
    {
        var (n, d) = Shape(x, y);
        ArgumentNullException.ThrowIfNull(w0);
        if (w0.Length != d) throw new ArgumentException($"X has {d} columns but w0 has {w0.Length} entries", nameof(w0));
        if (!w0.All(v => v > 0 && double.IsFinite(v)))
            throw ReferenceFailure.MinEntropy.Failed("the initial coefficients w₀ must be positive and finite (the entropy potential lives on w > 0)",
                "start from a positive init (init: { kind: constant, value: 0.1 })");
        TorchRuntime.Start();
        using var scope = NewDisposeScope();

        var xt = ToTensor(x);
        var yt = ToTensor(y);
        var w0t = ToTensor(w0);
        var nu = zeros(n, dtype: ScalarType.Float64);
        Tensor Primal(Tensor v) => w0t * exp(xt.T.matmul(v));
        double Residual(Tensor w) => (xt.matmul(w) - yt).abs().max().item<double>();

        double target = tolerance * Math.Max(1, NormLInf(y));
        int iterations = 0;
        for (; ; iterations++)
        {
            using var step = NewDisposeScope();
            var w = Primal(nu);
            var gradient = xt.matmul(w) - yt;
            double residual = gradient.abs().max().item<double>();
            // Xw − y is no more exact than the rounding of its terms: from a large start (w₀ = 100 over 500
            // features) that floor lies above the tolerance, and Newton would stall under it.
            double floor = 64 * Ulp * xt.abs().matmul(w).max().item<double>();
            if (residual <= target || residual <= floor) break;
            if (!double.IsFinite(residual)) throw Unreachable("the iterate overflowed");
            if (iterations == maxIterations) throw Unreachable($"‖Xw − y‖∞ = {residual:G3} after {maxIterations} Newton steps");

            var newton = NewtonStep(xt, w, gradient);
            double phi = Dual(w, nu, yt), slope = gradient.dot(newton).item<double>();
            // Armijo backtracking. The slack of a few ulps of φ lets the last, roundoff-sized steps through.
            for (double t = 1; ; t /= 2)
            {
                if (t < 1e-12) throw Unreachable("the line search stalled");
                var trial = nu.Plus(newton.Times(t));
                double value = Dual(Primal(trial), trial, yt);
                if (double.IsFinite(value) && value <= phi + 1e-4 * t * slope + 1e-14 * Math.Abs(phi))
                {
                    nu = trial.MoveToOuterDisposeScope();
                    break;
                }
            }
        }

        // Converged to the tolerance; up to two more full Newton steps, kept while they lower the
        // residual, take it down to roundoff (quadratic convergence makes them cheap insurance).
        for (int round = 0; round < 2; round++)
        {
            using var polish = NewDisposeScope();
            var w = Primal(nu);
            var gradient = xt.matmul(w) - yt;
            var trial = nu.Plus(NewtonStep(xt, w, gradient));
            if (!(Residual(Primal(trial)) < gradient.abs().max().item<double>())) break;
            nu = trial.MoveToOuterDisposeScope();
        }

        // w and its certificate in plain float64 from the final ν.
        var xtnu = TransposeTimes(x, ToArray(nu));
        var coefficients = w0.Zip(xtnu, (a, e) => a * Math.Exp(e)).ToArray();
        double divergence = 0;
        for (int j = 0; j < d; j++) divergence += coefficients[j] * xtnu[j] - coefficients[j] + w0[j];
        var s = Scalars();
        s["primal_residual"] = ResidualLInf(x, coefficients, y);
        s["divergence"] = divergence;
        s["objective"] = divergence;
        s["iterations"] = iterations;
        return new ReferenceSolution("entropy_interpolant", coefficients, s);
    }

    /// <summary>Solves X diag(w) Xᵀ Δ = −(Xw − y), the Newton system of the dual φ.</summary>
    static Tensor NewtonStep(Tensor xt, Tensor w, Tensor gradient)
    {
        try { return linalg.solve((xt * w).matmul(xt.T), -gradient); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw ReferenceFailure.MinEntropy.Failed($"the Newton system is singular, X needs full row rank ({e.Message})", ReferenceFailure.MoreFeatures, e);
        }
    }

    static Repro.Core.RunException Unreachable(string why) =>
        ReferenceFailure.MinEntropy.Failed($"Newton did not converge ({why}): y must be reachable by a positive w (y ∈ X·ℝᵈ₊₊)",
            "use targets a positive w produces (target: { kind: sparse-linear, nonnegative: true })");

    static double Dual(Tensor w, Tensor nu, Tensor y) => (w.sum() - nu.dot(y)).item<double>();
}
