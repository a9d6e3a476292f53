using Google.OrTools.LinearSolver;
using Repro.Core;
using static Repro.Engine.References.ReferenceMath;

namespace Repro.Engine.References;

/// <summary>
/// References that are linear programs, solved by GLOP (OR-Tools' simplex, float64). The solver's word is
/// not taken: every scalar is recomputed from the returned coefficients and dual values.
/// <list type="bullet">
/// <item><c>primal_residual</c>: largest constraint violation of the returned point.</item>
/// <item><c>dual_residual</c>: how far the solver's dual values are from dual feasibility.</item>
/// <item><c>duality_gap</c>: primal objective minus the bound that the dual values, first scaled or clipped
/// into dual feasibility, prove. Weak duality makes it an upper bound on the suboptimality (up to the
/// primal residual), whatever the solver did.</item>
/// </list>
/// LP solutions need not be unique (max-margin L∞ and min-L∞ interpolants often are not: coordinates
/// that no tight constraint pins can move). GLOP returns a vertex; which vertex is deterministic for a
/// given OR-Tools version, but another solver may return another optimum with the same objective.
/// </summary>
public static class LinearProgramReferences
{
    /// <summary>
    /// GLOP's defaults accept violations of 1e-8 (after its internal scaling); tightened by 100× so the
    /// returned vertex is feasible to near roundoff. Simplex solves the basis system exactly up to
    /// roundoff, so residuals are typically far below these.
    /// </summary>
    public const string GlopParameters = "primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10";

    /// <summary>Basis pursuit: argmin ‖w‖₁ subject to Xw = y.</summary>
    /// <remarks>
    /// LP: w = p − m with p, m ≥ 0, minimize Σ(p + m). Dual: max yᵀλ subject to ‖Xᵀλ‖∞ ≤ 1.
    /// </remarks>
    public static ReferenceSolution MinL1Interpolant(double[,] x, double[] y)
    {
        var (n, d) = Shape(x, y);
        using var solver = CreateGlop();
        var plus = MakeVariables(solver, d, 0, "p");
        var minus = MakeVariables(solver, d, 0, "m");
        var rows = new Constraint[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = solver.MakeConstraint(y[i], y[i], $"fit{i}");
            for (int j = 0; j < d; j++)
            {
                rows[i].SetCoefficient(plus[j], x[i, j]);
                rows[i].SetCoefficient(minus[j], -x[i, j]);
            }
        }
        var objective = solver.Objective();
        for (int j = 0; j < d; j++)
        {
            objective.SetCoefficient(plus[j], 1);
            objective.SetCoefficient(minus[j], 1);
        }
        objective.SetMinimization();
        Solve(solver, ReferenceFailure.MinL1, ReferenceFailure.MoreFeatures);

        var w = Enumerable.Range(0, d).Select(j => plus[j].SolutionValue() - minus[j].SolutionValue()).ToArray();
        var lambda = rows.Select(r => r.DualValue()).ToArray();
        return new ReferenceSolution("min_l1_interpolant", w, InterpolantCertificate(x, y, w, lambda, NormL1, NormLInf));
    }

    /// <summary>argmin ‖w‖∞ subject to Xw = y. Often not unique: only the largest coordinates are pinned.</summary>
    /// <remarks>LP: minimize t subject to Xw = y, −t ≤ wⱼ ≤ t. Dual: max yᵀλ subject to ‖Xᵀλ‖₁ ≤ 1.</remarks>
    public static ReferenceSolution MinLInfInterpolant(double[,] x, double[] y)
    {
        var (n, d) = Shape(x, y);
        using var solver = CreateGlop();
        var w = MakeVariables(solver, d, double.NegativeInfinity, "w");
        var t = solver.MakeNumVar(0, double.PositiveInfinity, "t");
        var rows = new Constraint[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = solver.MakeConstraint(y[i], y[i], $"fit{i}");
            for (int j = 0; j < d; j++) rows[i].SetCoefficient(w[j], x[i, j]);
        }
        for (int j = 0; j < d; j++)
        {
            var upper = solver.MakeConstraint(double.NegativeInfinity, 0, $"upper{j}");
            upper.SetCoefficient(w[j], 1);
            upper.SetCoefficient(t, -1);
            var lower = solver.MakeConstraint(0, double.PositiveInfinity, $"lower{j}");
            lower.SetCoefficient(w[j], 1);
            lower.SetCoefficient(t, 1);
        }
        solver.Objective().SetCoefficient(t, 1);
        solver.Objective().SetMinimization();
        Solve(solver, ReferenceFailure.MinLInf, ReferenceFailure.MoreFeatures);

        var coefficients = w.Select(v => v.SolutionValue()).ToArray();
        var lambda = rows.Select(r => r.DualValue()).ToArray();
        return new ReferenceSolution("min_linf_interpolant", coefficients, InterpolantCertificate(x, y, coefficients, lambda, NormLInf, NormL1));
    }

    /// <summary>
    /// Certificate of a min-norm interpolant w with LP duals λ: objective ‖w‖, primal residual ‖Xw − y‖∞,
    /// dual infeasibility max(0, ‖Xᵀλ‖* − 1) and the gap to the dual value yᵀλ after scaling λ to feasibility.
    /// </summary>
    /// <summary>The scalars every min-norm interpolant LP publishes (<see cref="InterpolantCertificate"/>).</summary>
    public static readonly IReadOnlyList<string> InterpolantScalars = ["objective", "primal_residual", "dual_residual", "duality_gap"];

    /// <summary>The scalars every max-margin LP publishes.</summary>
    public static readonly IReadOnlyList<string> MarginScalars = ["objective", "margin", "primal_residual", "dual_residual", "duality_gap"];

    static SortedDictionary<string, double> InterpolantCertificate(double[,] x, double[] y, double[] w, double[] lambda,
        Func<double[], double> norm, Func<double[], double> dualNorm)
    {
        double primal = norm(w), dual = dualNorm(TransposeTimes(x, lambda));
        var s = Scalars();
        s["objective"] = primal;
        s["primal_residual"] = ResidualLInf(x, w, y);
        s["dual_residual"] = Math.Max(0, dual - 1);
        s["duality_gap"] = Math.Abs(primal - Dot(y, lambda) / Math.Max(1, dual));
        return s;
    }

    /// <summary>
    /// The L1 max-margin direction: argmax over ‖w‖₁ ≤ 1 of minᵢ yᵢ⟨w, xᵢ⟩ (y ∈ {−1, +1}, no bias).
    /// Coefficients have ‖w‖₁ = 1; <c>margin</c> = minᵢ yᵢ⟨w, xᵢ⟩ / ‖w‖₁.
    /// </summary>
    /// <remarks>
    /// LP: w = p − m, maximize γ subject to ⟨w, zᵢ⟩ ≥ γ (zᵢ = yᵢxᵢ), Σ(p + m) ≤ 1. Dual (minimax):
    /// min over the simplex of ‖Zᵀα‖∞, the L1 norm's dual norm.
    /// </remarks>
    public static ReferenceSolution MaxMarginL1(double[,] x, double[] y) => MaxMargin(x, y, l1: true);

    /// <summary>
    /// The L∞ max-margin direction: argmax over ‖w‖∞ ≤ 1 of minᵢ yᵢ⟨w, xᵢ⟩. Usually not unique
    /// (coordinates off the tight constraints are free within the box); GLOP returns one vertex.
    /// Coefficients have ‖w‖∞ = 1; <c>margin</c> = minᵢ yᵢ⟨w, xᵢ⟩ / ‖w‖∞.
    /// </summary>
    /// <remarks>LP: maximize γ subject to ⟨w, zᵢ⟩ ≥ γ, −1 ≤ wⱼ ≤ 1. Dual: min over the simplex of ‖Zᵀα‖₁.</remarks>
    public static ReferenceSolution MaxMarginLInf(double[,] x, double[] y) => MaxMargin(x, y, l1: false);

    static ReferenceSolution MaxMargin(double[,] x, double[] y, bool l1)
    {
        var (n, d) = Shape(x, y);
        var reference = l1 ? ReferenceFailure.MaxMarginL1 : ReferenceFailure.MaxMarginLInf;
        RequireLabels(y, reference);
        var z = SignedRows(x, y);
        using var solver = CreateGlop();

        Variable[] plus, minus = [];
        if (l1)
        {
            plus = MakeVariables(solver, d, 0, "p");
            minus = MakeVariables(solver, d, 0, "m");
            var budget = solver.MakeConstraint(double.NegativeInfinity, 1, "budget");
            foreach (var v in plus.Concat(minus)) budget.SetCoefficient(v, 1);
        }
        else
        {
            // The L∞ ball is a box: plain variable bounds, no rows.
            plus = new Variable[d];
            for (int j = 0; j < d; j++) plus[j] = solver.MakeNumVar(-1, 1, $"w{j}");
        }
        var gamma = solver.MakeNumVar(double.NegativeInfinity, double.PositiveInfinity, "gamma");
        var rows = new Constraint[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = solver.MakeConstraint(0, double.PositiveInfinity, $"margin{i}");
            rows[i].SetCoefficient(gamma, -1);
            for (int j = 0; j < d; j++)
            {
                rows[i].SetCoefficient(plus[j], z[i, j]);
                if (l1) rows[i].SetCoefficient(minus[j], -z[i, j]);
            }
        }
        solver.Objective().SetCoefficient(gamma, 1);
        solver.Objective().SetMaximization();
        Solve(solver, reference, ReferenceFailure.SeparableData);

        var raw = Enumerable.Range(0, d)
            .Select(j => plus[j].SolutionValue() - (l1 ? minus[j].SolutionValue() : 0)).ToArray();
        double lpGamma = gamma.SolutionValue();
        double rawNorm = l1 ? NormL1(raw) : NormLInf(raw);
        var scores = Times(z, raw);
        // γ* = 0 (w = 0 is optimal) exactly when no direction separates the data strictly.
        if (!(lpGamma > 1e-9 * MaxRowNorm(z, l1)) || rawNorm == 0)
            throw reference.Failed($"the data are not linearly separable through the origin (optimal margin {lpGamma:G6})", ReferenceFailure.SeparableData);

        var w = raw.Select(v => v / rawNorm).ToArray();
        double margin = scores.Min() / rawNorm;

        // Dual certificate: the margin rows' dual values, clipped to α ≥ 0 and normalized onto the simplex,
        // give an upper bound on γ* by weak duality (γ ≤ αᵀZw ≤ ‖Zᵀα‖_* ‖w‖ ≤ ‖Zᵀα‖_*). The sign flip
        // is OR-Tools' convention: a dual value is ∂objective/∂rhs, ≤ 0 for a ≥ row of a maximization.
        var alpha = rows.Select(r => -r.DualValue()).ToArray();
        double negative = Math.Max(0, -alpha.Min()), mass = alpha.Sum(a => Math.Max(0, a));
        var clipped = alpha.Select(a => Math.Max(0, a) / mass).ToArray();
        var zta = TransposeTimes(z, clipped);
        double dualBound = l1 ? NormLInf(zta) : NormL1(zta);

        var s = Scalars();
        s["objective"] = lpGamma;
        s["margin"] = margin;
        s["primal_residual"] = Math.Max(0, Math.Max(scores.Max(v => lpGamma - v), rawNorm - 1));
        s["dual_residual"] = Math.Max(negative, Math.Abs(alpha.Sum() - 1));
        s["duality_gap"] = Math.Abs(dualBound - margin);
        return new ReferenceSolution(l1 ? "max_margin_l1" : "max_margin_linf", w, s);
    }

    static double MaxRowNorm(double[,] z, bool l1)
    {
        int n = z.GetLength(0), d = z.GetLength(1);
        double best = 0;
        for (int i = 0; i < n; i++)
        {
            var row = Enumerable.Range(0, d).Select(j => z[i, j]).ToArray();
            // The margin of a unit-L1 w is at most ‖zᵢ‖∞; of a unit-L∞ w, at most ‖zᵢ‖₁.
            best = Math.Max(best, l1 ? NormLInf(row) : NormL1(row));
        }
        return Math.Max(best, double.Epsilon);
    }

    static Solver CreateGlop()
    {
        var solver = Solver.CreateSolver("GLOP")
            ?? throw Fail.Run("OR-Tools could not create the GLOP solver (its native library did not load); run `repro doctor`, whose reference-solvers check runs GLOP");
        if (!solver.SetSolverSpecificParametersAsString(GlopParameters))
        {
            solver.Dispose();
            throw new InvalidOperationException($"GLOP rejected its parameters '{GlopParameters}'");
        }
        return solver;
    }

    static Variable[] MakeVariables(Solver solver, int count, double lowerBound, string prefix)
    {
        var variables = new Variable[count];
        for (int j = 0; j < count; j++) variables[j] = solver.MakeNumVar(lowerBound, double.PositiveInfinity, $"{prefix}{j}");
        return variables;
    }

    /// <param name="fix">what to change in the spec when the LP has no optimum</param>
    static void Solve(Solver solver, ReferenceFailure reference, string fix)
    {
        var status = solver.Solve();
        if (status != Solver.ResultStatus.OPTIMAL)
            throw reference.Failed($"GLOP ended with status {status}, not OPTIMAL" +
                (status == Solver.ResultStatus.INFEASIBLE ? " (no point satisfies the constraints: is y in the range of X?)" : ""), fix);
    }
}
