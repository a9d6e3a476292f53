using Repro.Engine.Runtime;
using static Repro.Engine.References.ReferenceMath;

namespace Repro.Engine.References;

/// <summary>
/// The Q_α interpolant of Woodworth et al. 2020 (Kernel and rich regimes in overparametrized models, Thm. 1):
/// argmin Q_α(β) s.t. Xβ = y, Q_α(β) = α² Σᵢ q(βᵢ/α²), q(z) = 2 − √(4 + z²) + z·arcsinh(z/2). It is where gradient
/// flow on the squared loss takes the depth-2 diagonal network β = u∘u − v∘v from u₀ = v₀ = α·1: then
/// du/dt = −2u∘g, dv/dt = 2v∘g for g = Xᵀr(t), so u = α e^{−2s}, v = α e^{2s} with s = ∫g ∈ range(Xᵀ), and
/// β = −2α² sinh(2s) = 2α² sinh(Xᵀν) for some ν; since ∇Q_α(β) = arcsinh(β/(2α²)), that is the KKT condition of
/// the problem. Our `diagonal-net` with depth 2 is exactly this parametrization (its u, v are Woodworth's u₊, u₋),
/// so the constant is α² with no rescaling. Large α tends to the min-L2 interpolant, small α to the min-L1 one.
/// </summary>
/// <remarks>
/// Solved by Newton's method on the convex dual: minimize D(ν) = α² Σᵢ (2 cosh((Xᵀν)ᵢ) − 2) − νᵀy, whose gradient is
/// Xβ(ν) − y and Hessian X diag(2α² cosh(Xᵀν)) Xᵀ, with a backtracking (Armijo) line search. Certificate, from the
/// answer: the primal residual ‖Xβ − y‖∞, and by Fenchel duality (β = ∇Q*(Xᵀν)) the dual value
/// g(ν) = νᵀy − Q*(Xᵀν) ≤ min Q_α, a lower bound on the optimum whose gap to Q_α(β) is νᵀ(Xβ − y).
/// All in float64: the products with X and Xᵀ by torch (ReferenceMath), the Hessian and its Cholesky factor in a fixed order.
/// </remarks>
public static class QAlphaInterpolant
{
    public static readonly IReadOnlyList<string> ScalarNames = ["alpha", "objective", "dual_bound", "duality_gap", "primal_residual", "iterations"];

    const string Fix = "use more features than training points (data.features > data.n_train) or a larger init.value";

    /// <summary>The residual (relative to max(1, ‖y‖∞)) accepted where the line search finds no representable decrease.</summary>
    const double Floor = 1e-7;

    /// <summary>q(z) = 2 − √(4 + z²) + z·arcsinh(z/2), written so that it loses no digits for small |z| (q ≈ z²/4).</summary>
    public static double Q(double z)
    {
        double root = Math.Sqrt(4 + z * z);
        // 2 − √(4 + z²) = −z²/(2 + √(4 + z²)) avoids the cancellation.
        return z * Math.Asinh(z / 2) - z * z / (2 + root);
    }

    /// <summary>Q_α(β) = α² Σ q(βᵢ/α²).</summary>
    public static double Objective(double[] beta, double alpha)
    {
        double a2 = alpha * alpha, sum = 0;
        foreach (double b in beta) sum += Q(b / a2);
        return a2 * sum;
    }

    public static ReferenceSolution Solve(double[,] x, double[] y, double alpha, double tolerance = 1e-10, int maxIterations = 500)
    {
        var (n, d) = Shape(x, y);
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentException($"α must be positive and finite, not {alpha}", nameof(alpha));
        TorchRuntime.Start();
        double a2 = alpha * alpha;
        double scale = Math.Max(1, NormLInf(y));
        var nu = new double[n];
        double[] s = new double[d], beta = new double[d];
        double Dual(double[] v, double[] sOut, double[] betaOut)
        {
            var xs = TransposeTimes(x, v);
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                sOut[j] = xs[j];
                betaOut[j] = 2 * a2 * Math.Sinh(xs[j]);
                // 2cosh s − 2 = 4 sinh²(s/2): exact near 0.
                double h = Math.Sinh(xs[j] / 2);
                sum += 4 * h * h;
            }
            return a2 * sum - Dot(v, y);
        }
        double value = Dual(nu, s, beta);
        int iteration = 0;
        for (; ; iteration++)
        {
            var gradient = Times(x, beta);
            for (int i = 0; i < n; i++) gradient[i] -= y[i];
            if (NormLInf(gradient) <= tolerance * scale) break;
            if (iteration == maxIterations)
                throw ReferenceFailure.QAlpha.Failed($"Newton's method did not reach the residual {tolerance * scale:G3} in {maxIterations} iterations (it is {NormLInf(gradient):G3})", Fix);
            // Hessian H = X diag(2α² cosh s) Xᵀ, then the Newton step H Δ = −∇D by Cholesky.
            var hessian = new double[n, n];
            for (int j = 0; j < d; j++)
            {
                double w = 2 * a2 * Math.Cosh(s[j]);
                for (int i = 0; i < n; i++)
                {
                    double xi = x[i, j] * w;
                    if (xi == 0) continue;
                    for (int k = 0; k <= i; k++) hessian[i, k] += xi * x[k, j];
                }
            }
            var step = CholeskySolve(hessian, gradient.Select(g => -g).ToArray())
                ?? throw ReferenceFailure.QAlpha.Failed("the dual Hessian X diag(cosh) Xᵀ is singular: the training inputs are linearly dependent", Fix);
            double slope = Dot(gradient, step), t = 1;
            // Near the optimum the predicted decrease −slope (≈ the residual squared) is below what float64 resolves in
            // D's value: Armijo's test then compares rounding errors and accepts or halves steps at random, and Newton
            // stalls. There the full step is taken: Newton converges quadratically in that neighbourhood.
            bool resolved = -slope > 1e-13 * Math.Max(1, Math.Abs(value));
            double[] trial = new double[n], trialS = new double[d], trialBeta = new double[d];
            for (int back = 0; ; back++)
            {
                for (int i = 0; i < n; i++) trial[i] = nu[i] + t * step[i];
                double next = Dual(trial, trialS, trialBeta);
                if (double.IsFinite(next) && (!resolved || next <= value + 1e-4 * t * slope)) { value = next; break; }
                if (back == 60)
                {
                    // No decrease is representable any more: the iterate is as good as float64 allows.
                    if (NormLInf(gradient) <= Floor * scale) goto done;
                    throw ReferenceFailure.QAlpha.Failed($"the line search found no decrease at residual {NormLInf(gradient):G3}", Fix);
                }
                t /= 2;
            }
            (nu, trial) = (trial, nu);
            (s, trialS) = (trialS, s);
            (beta, trialBeta) = (trialBeta, beta);
        }
    done:
        double objective = Objective(beta, alpha);
        double bound = -value;
        var result = Scalars();
        result["alpha"] = alpha;
        result["objective"] = objective;
        result["dual_bound"] = bound;
        result["duality_gap"] = objective - bound;
        result["primal_residual"] = ResidualLInf(x, beta, y);
        result["iterations"] = iteration;
        return new ReferenceSolution("q_alpha", beta, result);
    }

    /// <summary>Solves H z = b for the symmetric H given in its lower triangle; null when H is not numerically positive definite.</summary>
    static double[]? CholeskySolve(double[,] h, double[] b)
    {
        int n = b.Length;
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = h[i, j];
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (!(sum > 0)) return null;
                    l[i, i] = Math.Sqrt(sum);
                }
                else l[i, j] = sum / l[j, j];
            }
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= l[i, k] * z[k];
            z[i] = sum / l[i, i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = z[i];
            for (int k = i + 1; k < n; k++) sum -= l[k, i] * z[k];
            z[i] = sum / l[i, i];
        }
        return z;
    }
}
