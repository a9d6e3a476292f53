using Repro.Core;
using Repro.Engine.References;
using Repro.Engine.Runtime;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Repro.Tests.References;

public class ReferenceSolverTests(ITestOutputHelper output)
{
    // ---- deterministic data ------------------------------------------------------------------------

    /// <summary>Standard normals by Box–Muller from System.Random(seed): the same numbers on every machine.</summary>
    private static double[] Gaussian(Random random, int count)
    {
        var values = new double[count];
        for (int k = 0; k < count; k += 2)
        {
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u));
            values[k] = r * Math.Cos(2 * Math.PI * v);
            if (k + 1 < count) values[k + 1] = r * Math.Sin(2 * Math.PI * v);
        }
        return values;
    }

    private static double[,] Matrix(Random random, int n, int d)
    {
        var flat = Gaussian(random, n * d);
        var x = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i, j] = flat[i * d + j];
        return x;
    }

    /// <summary>Labels from a random direction through the origin: separable by construction.</summary>
    private static (double[,] X, double[] Y) Separable(int seed, int n, int d)
    {
        var random = new Random(seed);
        var x = Matrix(random, n, d);
        var teacher = Gaussian(random, d);
        var y = Times(x, teacher).Select(s => s >= 0 ? 1.0 : -1.0).ToArray();
        return (x, y);
    }

    private static double[] Times(double[,] x, double[] w) =>
        Enumerable.Range(0, x.GetLength(0)).Select(i => Enumerable.Range(0, w.Length).Sum(j => x[i, j] * w[j])).ToArray();

    private static double L1(double[] v) => v.Sum(Math.Abs);
    private static double L2(double[] v) => Math.Sqrt(v.Sum(e => e * e));
    private static double LInf(double[] v) => v.Max(Math.Abs);
    private static double MaxAbsDiff(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();

    /// <summary>minᵢ yᵢ⟨w, xᵢ⟩ / ‖w‖ for the given norm.</summary>
    private static double Margin(double[,] x, double[] y, double[] w, Func<double[], double> norm) =>
        Times(x, w).Zip(y, (s, label) => s * label).Min() / norm(w);

    /// <summary>pinv(X) y, the minimum-L2-norm interpolant, by TorchSharp in float64.</summary>
    private static double[] MinNorm(double[,] x, double[] y)
    {
        TorchRuntime.Start();
        using var scope = NewDisposeScope();
        int n = x.GetLength(0), d = x.GetLength(1);
        var flat = new double[n * d];
        Buffer.BlockCopy(x, 0, flat, 0, flat.Length * sizeof(double));
        var w = linalg.pinv(tensor(flat, [n, d], ScalarType.Float64)).matmul(tensor(y, [n], ScalarType.Float64));
        return w.data<double>().ToArray();
    }

    private void AssertResidualsBelow(ReferenceSolution solution, double bound, params string[] names)
    {
        foreach (var (name, value) in solution.Scalars) output.WriteLine($"{solution.Name}.{name} = {value:G6}");
        foreach (var name in names)
        {
            Assert.True(solution.Scalars.ContainsKey(name), $"{solution.Name} reports no {name}");
            double value = solution.Scalars[name];
            Assert.True(value >= 0 && value < bound, $"{solution.Name}.{name} = {value:G6}, want < {bound:G3}");
        }
    }

    private static readonly string[] KktResiduals =
        ["primal_feasibility", "dual_feasibility", "complementary_slackness", "stationarity", "duality_gap"];

    private static readonly string[] LpResiduals = ["primal_residual", "dual_residual", "duality_gap"];

    // ---- hard-margin SVM ------------------------------------------------------------------------------

    [Fact]
    public void The_svm_of_a_four_point_toy_is_the_one_found_by_hand()
    {
        // z = y·x: (2,0), (3,1), (2,0), (1,3). The constraints 2w₁ ≥ 1 and w₁ + 3w₂ ≥ 1 are tight at
        // ŵ = (1/2, 1/6) = (2/9)(2,0) + (1/18)(1,3); the duplicate z makes the Gram matrix singular.
        var x = new double[,] { { 2, 0 }, { 3, 1 }, { -2, 0 }, { -1, -3 } };
        double[] y = [1, 1, -1, -1];

        var svm = HardMarginSvm.Solve(x, y);

        Assert.True(MaxAbsDiff(svm.Coefficients, [0.5, 1.0 / 6]) < 1e-14, string.Join(", ", svm.Coefficients));
        Assert.Equal(6 / Math.Sqrt(10), svm.Scalars["margin"], 1e-14);
        AssertResidualsBelow(svm, 1e-9, KktResiduals);
    }

    [Fact]
    public void Ties_on_the_margin_of_a_lattice_do_not_stall_the_svm_or_the_lps()
    {
        // Every integer point of [−2, 2]³ off the plane Σx = 0, labelled by the sign of Σx: the 19 points
        // with Σx = ±1 all sit on the margin of ŵ = (1, 1, 1), far more than d = 3 (degenerate on purpose).
        var points = (from a in Enumerable.Range(-2, 5)
                      from b in Enumerable.Range(-2, 5)
                      from c in Enumerable.Range(-2, 5)
                      where a + b + c != 0
                      select new double[] { a, b, c }).ToArray();
        var x = new double[points.Length, 3];
        for (int i = 0; i < points.Length; i++)
            for (int j = 0; j < 3; j++) x[i, j] = points[i][j];
        var y = points.Select(p => p.Sum() > 0 ? 1.0 : -1.0).ToArray();

        var svm = HardMarginSvm.Solve(x, y);
        var l1 = LinearProgramReferences.MaxMarginL1(x, y);
        var linf = LinearProgramReferences.MaxMarginLInf(x, y);

        Assert.True(MaxAbsDiff(svm.Coefficients, [1, 1, 1]) < 1e-12, string.Join(", ", svm.Coefficients));
        AssertResidualsBelow(svm, 1e-12, KktResiduals);
        // w = (1,1,1)/3 scores |Σx|/3 ≥ 1/3 on every point, and the points e₁, e₂, e₃ cap any unit-L1 w at
        // minⱼ wⱼ ≤ Σw/3 ≤ 1/3. Likewise (1,1,1) scores ≥ 1 in L∞, and minⱼ wⱼ ≤ 1 caps it.
        Assert.Equal(1.0 / 3, l1.Scalars["margin"], 1e-12);
        Assert.Equal(1.0, linf.Scalars["margin"], 1e-12);
        AssertResidualsBelow(l1, 1e-12, LpResiduals);
        AssertResidualsBelow(linf, 1e-12, LpResiduals);
    }

    [Theory]
    [InlineData(11, 40, 10)]
    [InlineData(12, 20, 2)] // n > d: the 20×20 Gram matrix has rank 2
    [InlineData(13, 60, 5)]
    public void The_svm_direction_beats_random_directions_and_satisfies_kkt(int seed, int n, int d)
    {
        var (x, y) = Separable(seed, n, d);

        var svm = HardMarginSvm.Solve(x, y);

        AssertResidualsBelow(svm, 1e-9, KktResiduals);
        double margin = svm.Scalars["margin"];
        Assert.Equal(margin, Margin(x, y, svm.Coefficients, L2), 1e-12);
        var random = new Random(seed + 1000);
        for (int k = 0; k < 200; k++)
        {
            var u = Gaussian(random, d);
            Assert.True(Margin(x, y, u, L2) <= margin, $"random direction {k} has a larger margin");
        }
    }

    [Fact]
    public void The_svm_rejects_data_that_no_direction_through_the_origin_separates()
    {
        var random = new Random(21);
        var x = Matrix(random, 30, 3);
        double[] y = [.. Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? 1.0 : -1.0)];
        // Also a point and its mirror image with the same label: no w gives both a positive margin.
        var mirrored = new double[,] { { 1, 2 }, { -1, -2 }, { 3, 0 } };

        var random30 = Assert.Throws<RunException>(() => HardMarginSvm.Solve(x, y));
        var pair = Assert.Throws<RunException>(() => HardMarginSvm.Solve(mirrored, [1, 1, 1]));

        Assert.Contains("not linearly separable", random30.Message);
        Assert.Contains("not linearly separable", pair.Message);
        Assert.StartsWith("reference svm: ", pair.Message);
        Assert.Contains("separable-classification", pair.Message); // what to change in the spec
    }

    // ---- linear programs ------------------------------------------------------------------------------

    private static (double[,] X, double[] Y, double[] Sparse) SparseRecovery(int seed)
    {
        var random = new Random(seed);
        var x = Matrix(random, 40, 100);
        var truth = new double[100];
        truth[7] = 1.5;
        truth[42] = -2;
        truth[91] = 0.75;
        return (x, Times(x, truth), truth);
    }

    [Fact]
    public void Basis_pursuit_recovers_a_three_sparse_vector_and_beats_the_min_norm_interpolant_in_l1()
    {
        var (x, y, truth) = SparseRecovery(31);

        var bp = LinearProgramReferences.MinL1Interpolant(x, y);

        AssertResidualsBelow(bp, 1e-9, LpResiduals);
        Assert.True(MaxAbsDiff(bp.Coefficients, truth) < 1e-6, $"recovery error {MaxAbsDiff(bp.Coefficients, truth):G3}");
        Assert.Equal(L1(bp.Coefficients), bp.Scalars["objective"], 1e-12);
        Assert.True(L1(bp.Coefficients) <= L1(MinNorm(x, y)));
    }

    [Fact]
    public void The_min_linf_interpolant_has_the_smallest_largest_coordinate()
    {
        var (x, y, _) = SparseRecovery(32);

        var linf = LinearProgramReferences.MinLInfInterpolant(x, y);
        var bp = LinearProgramReferences.MinL1Interpolant(x, y);

        AssertResidualsBelow(linf, 1e-9, LpResiduals);
        Assert.Equal(LInf(linf.Coefficients), linf.Scalars["objective"], 1e-12);
        Assert.True(LInf(linf.Coefficients) <= LInf(MinNorm(x, y)));
        Assert.True(LInf(linf.Coefficients) <= LInf(bp.Coefficients));
    }

    [Fact]
    public void An_inconsistent_system_has_no_interpolant()
    {
        var x = new double[,] { { 1, 1 }, { 2, 2 } };

        var error = Assert.Throws<RunException>(() => LinearProgramReferences.MinL1Interpolant(x, [1, 3]));

        Assert.Contains("not OPTIMAL", error.Message);
        Assert.StartsWith("reference min_l1_interpolant: GLOP ended with status INFEASIBLE", error.Message);
        Assert.Contains("data.features > data.n_train", error.Message);
    }

    [Theory]
    [InlineData(41, 40, 10)]
    [InlineData(42, 20, 2)]
    public void Max_margin_lp_directions_beat_the_svm_direction_in_their_own_norms(int seed, int n, int d)
    {
        var (x, y) = Separable(seed, n, d);
        var svm = HardMarginSvm.Solve(x, y);

        var l1 = LinearProgramReferences.MaxMarginL1(x, y);
        var linf = LinearProgramReferences.MaxMarginLInf(x, y);

        AssertResidualsBelow(l1, 1e-9, LpResiduals);
        AssertResidualsBelow(linf, 1e-9, LpResiduals);
        Assert.Equal(1, L1(l1.Coefficients), 1e-12);
        Assert.Equal(1, LInf(linf.Coefficients), 1e-12);
        Assert.Equal(l1.Scalars["margin"], Margin(x, y, l1.Coefficients, L1), 1e-12);
        Assert.Equal(linf.Scalars["margin"], Margin(x, y, linf.Coefficients, LInf), 1e-12);
        Assert.True(l1.Scalars["margin"] >= Margin(x, y, svm.Coefficients, L1) - 1e-12);
        Assert.True(linf.Scalars["margin"] >= Margin(x, y, svm.Coefficients, LInf) - 1e-12);
        // And the SVM direction wins in L2, so the three references are genuinely different optima.
        Assert.True(svm.Scalars["margin"] >= Margin(x, y, l1.Coefficients, L2) - 1e-12);
        Assert.True(svm.Scalars["margin"] >= Margin(x, y, linf.Coefficients, L2) - 1e-12);
    }

    [Fact]
    public void Max_margin_lps_reject_non_separable_data()
    {
        var x = new double[,] { { 1, 2 }, { -1, -2 } };

        Assert.StartsWith("reference max_margin_l1: ", Assert.Throws<RunException>(() => LinearProgramReferences.MaxMarginL1(x, [1, 1])).Message);
        Assert.StartsWith("reference max_margin_linf: ", Assert.Throws<RunException>(() => LinearProgramReferences.MaxMarginLInf(x, [1, 1])).Message);
        Assert.Contains("labels must be -1 or +1", Assert.Throws<RunException>(() => LinearProgramReferences.MaxMarginL1(x, [1, 0.5])).Message);
    }

    // ---- entropy (mirror descent) interpolant -----------------------------------------------------------

    [Fact]
    public void The_entropy_interpolant_is_positive_interpolates_and_is_closest_to_w0_in_bregman_divergence()
    {
        var random = new Random(51);
        int n = 15, d = 60;
        var x = Matrix(random, n, d);
        var other = Gaussian(random, d).Select(Math.Exp).ToArray();   // a positive interpolant by construction
        var y = Times(x, other);
        var w0 = Enumerable.Repeat(0.5, d).ToArray();

        var entropy = EntropyInterpolant.Solve(x, y, w0);

        AssertResidualsBelow(entropy, 1e-10, "primal_residual");
        Assert.True(MaxAbsDiff(Times(x, entropy.Coefficients), y) < 1e-10);
        Assert.All(entropy.Coefficients, w => Assert.True(w > 0));
        double divergence = entropy.Scalars["divergence"];
        Assert.Equal(Divergence(entropy.Coefficients, w0), divergence, 1e-9);
        Assert.True(divergence < Divergence(other, w0), $"{divergence} vs {Divergence(other, w0)}");
        // The midpoint of two positive interpolants is one too; strict convexity puts it strictly above.
        var midpoint = other.Zip(entropy.Coefficients, (a, b) => (a + b) / 2).ToArray();
        Assert.True(divergence < Divergence(midpoint, w0));
    }

    [Fact]
    public void The_entropy_interpolant_is_found_from_a_large_start()
    {
        // w₀ = 100 over 500 features, y from 5 coefficients of size ~1: the terms of Xw are far larger than y. A
        // stall reported in this regime (the line search under the rounding floor) is what the solver's floor stop
        // guards against; this run does not stall without that stop either, so it checks the regime, not the stop.
        var spec = Repro.Tests.Support.Specs.Parse("""
            name: large-start
            data:
              kind: gaussian-regression
              n_train: 20
              n_test: 10
              features: 500
              target: { kind: sparse-linear, nonzeros: 5, noise: 0.0, nonnegative: true }
            init: { kind: constant, value: 100 }
            optimizer: { kind: gd, lr: 1e-9 }
            train: { steps: 1, log_every: 1 }
            metrics: [train_loss, dist_to_min_entropy]
            """);
        var result = Repro.Engine.Training.Trainer.Run(Repro.Core.Plan.Planner.Plan(spec, Repro.Engine.EngineInfo.Version).Trials[0]);

        var residual = Assert.Single(result.References!, r => r.Reference == "min_entropy_interpolant" && r.Quantity == "primal_residual").Value;
        Assert.True(residual < 1e-8, $"primal residual {residual}");
        Assert.True(double.IsFinite(result.Points.Single(p => p.Metric == "dist_to_min_entropy" && p.Step == 1).Value));
    }

    [Fact]
    public void The_entropy_interpolant_rejects_targets_no_positive_vector_reaches()
    {
        // Every entry of X is positive, so Xw > 0 for every w > 0, and y has a negative entry.
        var x = new double[,] { { 1, 2, 3 }, { 2, 1, 1 } };

        var error = Assert.Throws<RunException>(() => EntropyInterpolant.Solve(x, [1, -1], [1, 1, 1]));

        Assert.Contains("reachable", error.Message);
        Assert.StartsWith("reference min_entropy_interpolant: ", error.Message);
        Assert.Contains("nonnegative: true", error.Message);
        Assert.Contains("positive init", Assert.Throws<RunException>(() => EntropyInterpolant.Solve(x, [1, 1], [1, 0, 1])).Message);
    }

    /// <summary>D_ψ(w, w0) = Σ w log(w/w0) − w + w0, straight from the definition.</summary>
    private static double Divergence(double[] w, double[] w0) =>
        w.Zip(w0, (a, b) => a * Math.Log(a / b) - a + b).Sum();

    // ---- the output type ------------------------------------------------------------------------------

    [Fact]
    public void Scalars_iterate_in_ordinal_order()
    {
        var x = new double[,] { { 2, 0 }, { 3, 1 }, { -2, 0 }, { -1, -3 } };

        var names = HardMarginSvm.Solve(x, [1, 1, -1, -1]).Scalars.Keys.ToArray();

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }
}
