using Repro.Core.Plan;
using Repro.Engine.Metrics;
using Repro.Engine.References;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Repro.Engine.Numerics;

namespace Repro.Tests.References;

/// <summary>The named-reference metric families, q_alpha, min_nuclear_sensing, truth and svm_log_t_residual, against independent computations.</summary>
public class NamedReferenceTests(ITestOutputHelper output)
{
    static (double[,] X, double[] Y) Problem(int n, int d, ulong seed, int nonzeros = 3)
    {
        TorchRuntime.Start();
        using var g = new Generator(seed);
        var x = randn([n, d], dtype: ScalarType.Float64, generator: g);
        var theta = zeros(d, dtype: ScalarType.Float64);
        theta.index_put_(randn(nonzeros, dtype: ScalarType.Float64, generator: g), arange(nonzeros));
        var y = x.matmul(theta);
        var m = new double[n, d];
        var flat = x.data<double>().ToArray();
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return (m, y.data<double>().ToArray());
    }

    static Tensor T(double[,] a)
    {
        var t = zeros(a.GetLength(0), a.GetLength(1), dtype: ScalarType.Float64);
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) t[i, j] = a[i, j];
        return t;
    }

    static double RelativeDistance(double[] a, double[] b) =>
        Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum()) / Math.Sqrt(b.Sum(v => v * v));

    [Fact]
    public void Q_is_the_closed_form_and_its_derivative_is_arcsinh()
    {
        foreach (double z in new[] { -7.5, -1.0, -1e-9, 0.0, 1e-4, 0.3, 2.0, 40.0 })
        {
            double naive = 2 - Math.Sqrt(4 + z * z) + z * Math.Asinh(z / 2);
            Assert.Equal(naive, QAlphaInterpolant.Q(z), 1e-12 * Math.Max(1, Math.Abs(naive)));
            double h = 1e-5, slope = (QAlphaInterpolant.Q(z + h) - QAlphaInterpolant.Q(z - h)) / (2 * h);
            Assert.Equal(Math.Asinh(z / 2), slope, 1e-7);
        }
    }

    [Theory]
    [InlineData(1.0, 1UL)]
    [InlineData(0.5, 2UL)]
    [InlineData(2.0, 3UL)]
    public void The_q_alpha_interpolant_matches_gradient_descent_on_q_alpha_over_the_affine_set(double alpha, ulong seed)
    {
        var (x, y) = Problem(3, 6, seed);
        var solution = QAlphaInterpolant.Solve(x, y, alpha);
        output.WriteLine(string.Join(", ", solution.Scalars.Select(s => $"{s.Key} = {s.Value:G6}")));
        Assert.True(solution.Scalars["primal_residual"] < 1e-9);
        Assert.True(Math.Abs(solution.Scalars["duality_gap"]) < 1e-9);

        // Brute force, independent of the dual: β = β₀ + N z over the null space N of X (torch SVD), and gradient
        // descent by autograd on the closed-form Q_α(β₀ + N z) with a step below 1/L (Q_α'' = 1/√(4α⁴ + β²) ≤ 1/(2α²)).
        var xt = T(x);
        var beta0 = linalg.pinv(xt).matmul(tensor(y, dtype: ScalarType.Float64));
        var (_, _, vh) = linalg.svd(xt, fullMatrices: true);
        var nullSpace = vh.narrow(0, 3, 3).T;
        var z = zeros(3, dtype: ScalarType.Float64).requires_grad_(true);
        double a2 = alpha * alpha, lr = a2;
        for (int step = 0; step < 20000; step++)
        {
            var b = (beta0 + nullSpace.matmul(z)) / a2;
            var q = (2 - (4 + b * b).sqrt() + b * (b / 2).asinh()).sum() * a2;
            var grad = Gradients.Of([q], [z])[0];
            using (no_grad()) z.sub_(grad * lr);
        }
        double[] brute;
        using (no_grad()) brute = (beta0 + nullSpace.matmul(z)).data<double>().ToArray();
        output.WriteLine($"brute force Q = {QAlphaInterpolant.Objective(brute, alpha):G12}, Newton Q = {solution.Scalars["objective"]:G12}");
        Assert.True(RelativeDistance(solution.Coefficients, brute) < 1e-7, $"distance {RelativeDistance(solution.Coefficients, brute)}");
        Assert.True(solution.Scalars["objective"] <= QAlphaInterpolant.Objective(brute, alpha) + 1e-12);
        Assert.True(solution.Scalars["dual_bound"] <= solution.Scalars["objective"] + 1e-12);
    }

    [Fact]
    public void The_q_alpha_interpolant_tends_to_min_l2_for_large_alpha_and_to_min_l1_for_small_alpha()
    {
        var (x, y) = Problem(8, 20, 4);
        var minL2 = linalg.pinv(T(x)).matmul(tensor(y, dtype: ScalarType.Float64)).data<double>().ToArray();
        var minL1 = LinearProgramReferences.MinL1Interpolant(x, y).Coefficients;
        double[] alphas = [1e-6, 1e-3, 1e-1, 1, 10, 1000];
        var toL1 = new List<double>();
        var toL2 = new List<double>();
        foreach (double alpha in alphas)
        {
            var s = QAlphaInterpolant.Solve(x, y, alpha);
            Assert.True(s.Scalars["primal_residual"] < 1e-8, $"α = {alpha}: residual {s.Scalars["primal_residual"]}");
            toL1.Add(RelativeDistance(s.Coefficients, minL1));
            toL2.Add(RelativeDistance(s.Coefficients, minL2));
            output.WriteLine($"α = {alpha}: to min-L1 {toL1[^1]:G4}, to min-L2 {toL2[^1]:G4}, {s.Scalars["iterations"]} Newton steps");
        }
        // Q_α → ‖β‖²/(4α²) as α → ∞ (the relative error is O(‖β‖²/α⁴)), and → ‖β‖₁ ln(1/α²) up to O(1) as α → 0.
        Assert.True(toL2[^1] < 1e-9, $"α = 1000: {toL2[^1]}");
        Assert.True(toL1[0] < 0.05, $"α = 1e-6: {toL1[0]}");
        for (int i = 1; i < alphas.Length; i++)
        {
            Assert.True(toL1[i] > toL1[i - 1], "the distance to min-L1 grows with α");
            Assert.True(toL2[i] < toL2[i - 1], "the distance to min-L2 falls with α");
        }
    }

    /// <summary>n = 2, two measurements: the feasible symmetric X form a line X₀ + tN, so the PSD minimum of tr X is a one-dimensional search.</summary>
    [Theory]
    [InlineData(5UL)]
    [InlineData(6UL)]
    [InlineData(7UL)]
    public void Min_trace_sensing_matches_a_search_along_the_feasible_line(ulong seed)
    {
        TorchRuntime.Start();
        using var g = new Generator(seed);
        var u = randn([2, 1], dtype: ScalarType.Float64, generator: g);
        var truth = u.matmul(u.T).reshape(4);
        var gm = randn([2, 2, 2], dtype: ScalarType.Float64, generator: g);
        var a = ((gm + gm.transpose(1, 2)) / 2).reshape(2, 4);
        var b = a.matmul(truth);
        var measurements = new double[2, 4];
        for (int k = 0; k < 2; k++) for (int j = 0; j < 4; j++) measurements[k, j] = a[k, j].item<double>();
        var solution = NuclearNormSensing.Solve(2, measurements, b.data<double>().ToArray());
        output.WriteLine(string.Join(", ", solution.Scalars.Select(s => $"{s.Key} = {s.Value:G6}")));
        Assert.True(solution.Scalars["duality_gap"] <= NuclearNormSensing.DefaultTolerance);
        Assert.True(solution.Scalars["primal_residual"] < 1e-10);
        Assert.True(solution.Scalars["min_eigenvalue"] > -1e-6);

        // Symmetric X = [[p, r], [r, q]] ↔ (p, r, q); ⟨A, X⟩ = A₀₀p + (A₀₁ + A₁₀)r + A₁₁q. The null direction of the 2 × 3 system is N.
        var reduced = stack([a.select(1, 0), a.select(1, 1) + a.select(1, 2), a.select(1, 3)], 1);
        var x0 = linalg.pinv(reduced).matmul(b);
        var direction = linalg.svd(reduced, fullMatrices: true).Vh[2];
        double Lowest(double t)
        {
            var v = (x0 + direction * t).data<double>().ToArray();
            double mean = (v[0] + v[2]) / 2, radius = Math.Sqrt((v[0] - v[2]) * (v[0] - v[2]) / 4 + v[1] * v[1]);
            return mean - radius;
        }
        double Trace(double t) { var v = (x0 + direction * t).data<double>().ToArray(); return v[0] + v[2]; }
        // The truth is feasible and PSD: t* from it; tr is linear in t, so the optimum is the end of the PSD interval it decreases towards.
        var truthReduced = tensor(new[] { truth[0].item<double>(), truth[1].item<double>(), truth[3].item<double>() }, dtype: ScalarType.Float64);
        double inside = (truthReduced - x0).dot(direction).item<double>();
        double slope = Trace(inside + 1) - Trace(inside);
        double outward = slope > 0 ? -1 : 1, lo = inside, hi = inside + outward;
        while (Lowest(hi) >= 0) { lo = hi; hi = inside + 2 * (hi - inside); if (Math.Abs(hi) > 1e9) break; }
        for (int i = 0; i < 200; i++) { double mid = (lo + hi) / 2; if (Lowest(mid) >= 0) lo = mid; else hi = mid; }
        double best = Math.Abs(hi) > 1e9 ? double.NegativeInfinity : Trace(lo);
        output.WriteLine($"search: tr X = {best:G12}; interior point: {solution.Scalars["objective"]:G12}");
        Assert.Equal(best, solution.Scalars["objective"], 1e-6 * Math.Max(1, Math.Abs(best)));
    }

    [Fact]
    public void Min_trace_sensing_is_certified_on_a_rank_two_matrix_and_never_above_the_truth()
    {
        TorchRuntime.Start();
        using var g = new Generator(11);
        const int n = 6, m = 15;
        var u = randn([n, 2], dtype: ScalarType.Float64, generator: g);
        var truth = u.matmul(u.T).reshape(n * n);
        var gm = randn([m, n, n], dtype: ScalarType.Float64, generator: g);
        var a = ((gm + gm.transpose(1, 2)) / 2).reshape(m, n * n);
        var measurements = new double[m, n * n];
        for (int k = 0; k < m; k++) for (int j = 0; j < n * n; j++) measurements[k, j] = a[k, j].item<double>();
        var solution = NuclearNormSensing.Solve(n, measurements, a.matmul(truth).data<double>().ToArray());
        output.WriteLine(string.Join(", ", solution.Scalars.Select(s => $"{s.Key} = {s.Value:G6}")));
        Assert.True(solution.Scalars["duality_gap"] <= NuclearNormSensing.DefaultTolerance);
        Assert.True(solution.Scalars["primal_residual"] < 1e-9);
        // The truth is feasible and PSD, so the minimum trace is at most tr X*; the dual bound is at most both.
        double traceTruth = truth.reshape(n, n).trace().item<double>();
        Assert.True(solution.Scalars["objective"] <= traceTruth * (1 + 1e-7));
        Assert.True(solution.Scalars["dual_bound"] <= traceTruth + 1e-9);
    }

    static Repro.Core.Results.TrialResult Run(string yaml) => Trainer.Run(Planner.Plan(Specs.Parse(yaml), 1).Trials[0]);

    static double Last(Repro.Core.Results.TrialResult r, string metric) => r.Series(metric).Last().Value;

    [Fact]
    public void Gradient_descent_on_a_diagonal_net_ends_at_the_q_alpha_interpolant_not_at_min_l1_or_min_l2()
    {
        var result = Run("""
            name: q-alpha
            data: { kind: gaussian-regression, n_train: 10, n_test: 50, features: 30, target: { kind: sparse-linear, nonzeros: 3, noise: 0.0 } }
            model: { kind: diagonal-net, depth: 2 }
            init: { kind: constant, value: 0.3 }
            optimizer: { kind: gd, lr: 0.01 }
            train: { steps: 20000, log_every: 20000 }
            metrics: [train_loss, dist_to_q_alpha, dist_to_min_l1, dist_to_min_norm, norm_ratio_to_q_alpha]
            """);
        foreach (var metric in new[] { "train_loss", "dist_to_q_alpha", "dist_to_min_l1", "dist_to_min_norm", "norm_ratio_to_q_alpha" })
            output.WriteLine($"{metric} = {Last(result, metric):G4}");
        var reference = result.References!.Where(r => r.Reference == "q_alpha").ToList();
        Assert.Equal(0.3, reference.Single(r => r.Quantity == "alpha").Value, 6);
        Assert.True(reference.Single(r => r.Quantity == "primal_residual").Value < 1e-8);
        Assert.True(Last(result, "dist_to_q_alpha") < 0.01, $"dist_to_q_alpha {Last(result, "dist_to_q_alpha")}");
        Assert.True(Last(result, "dist_to_q_alpha") < Last(result, "dist_to_min_l1") / 5);
        Assert.True(Last(result, "dist_to_q_alpha") < Last(result, "dist_to_min_norm") / 5);
        Assert.Equal(1, Last(result, "norm_ratio_to_q_alpha"), 0.01);
    }

    // The draws (woodworth-2020's data) where the Armijo test, comparing dual values below float64's resolution,
    // kept Newton just above the tolerance for 500 iterations and the run failed (α = 10⁻³ seed 2, 0.1 seed 0, 1 seed 2).
    [Theory]
    [InlineData(0.001, 2)]
    [InlineData(0.1, 0)]
    [InlineData(1.0, 2)]
    public void Newton_takes_the_full_step_where_the_decrease_is_below_rounding_and_reaches_the_tolerance(double alpha, int seed)
    {
        var result = Run($$"""
            name: q-alpha-rounding
            data: { kind: rademacher-regression, n_train: 40, n_test: 10, features: 100, target: { kind: sparse-fixed, nonzeros: 5, magnitude: 1, noise: 0 } }
            model: { kind: diagonal-net, depth: 2 }
            init: { kind: constant, value: {{alpha}} }
            optimizer: { kind: gd, lr: 0.0001 }
            train: { steps: 1, log_every: 1 }
            seeds: [{{seed}}]
            metrics: [dist_to_q_alpha]
            """);
        var reference = result.References!.Where(r => r.Reference == "q_alpha" && r.Quantity != "coefficient").ToDictionary(r => r.Quantity, r => r.Value);
        output.WriteLine($"iterations {reference["iterations"]}, residual {reference["primal_residual"]:G3}, gap {reference["duality_gap"]:G3}");
        Assert.True(reference["primal_residual"] <= 1e-10, $"residual {reference["primal_residual"]}");
        Assert.True(reference["iterations"] < 50, $"{reference["iterations"]} iterations");
        Assert.True(Math.Abs(reference["duality_gap"]) <= 1e-9 * Math.Max(1, reference["objective"]), $"gap {reference["duality_gap"]}");
    }

    [Fact]
    public void The_truth_family_has_its_closed_forms_at_the_start_and_on_noise_free_data()
    {
        var result = Run("""
            name: truth
            data: { kind: gaussian-regression, n_train: 30, n_test: 40, features: 10, target: { kind: sparse-linear, nonzeros: 4, noise: 0.0 } }
            init: zeros
            optimizer: { kind: gd, lr: 0.05 }
            train: { steps: 3000, log_every: 3000 }
            metrics: [test_loss, dist_to_truth, norm_ratio_to_truth, truth_test_loss, excess_test_loss_over_truth, dist_to_min_norm, norm_ratio_to_min_norm, min_norm_test_loss, excess_test_loss_over_min_norm]
            """);
        MetricAt(result, "dist_to_truth", 0, 1.0);
        MetricAt(result, "norm_ratio_to_truth", 0, 0.0);
        // Noise-free targets: the truth predicts the test set exactly, so its loss is 0 and the excess is test_loss.
        foreach (var p in result.Series("truth_test_loss")) Assert.True(Math.Abs(p.Value) < 1e-10, $"{p.Value}");
        var testLoss = result.Series("test_loss").ToList();
        var excess = result.Series("excess_test_loss_over_truth").ToList();
        for (int i = 0; i < testLoss.Count; i++) Assert.Equal(testLoss[i].Value, excess[i].Value, 1e-9);
        // n > d: least squares has one solution, the truth; GD converges to it, so every truth metric meets min_norm's.
        Assert.True(Last(result, "dist_to_truth") < 1e-3);
        Assert.Equal(Last(result, "dist_to_min_norm"), Last(result, "dist_to_truth"), 1e-5);
        Assert.Equal(1, Last(result, "norm_ratio_to_min_norm"), 1e-3);
        Assert.True(Math.Abs(Last(result, "min_norm_test_loss")) < 1e-8);
    }

    static void MetricAt(Repro.Core.Results.TrialResult r, string metric, long step, double expected) =>
        Assert.Equal(expected, r.Series(metric).Single(p => p.Step == step).Value, 12);

    [Fact]
    public void Svm_log_t_residual_agrees_with_the_norm_and_the_cosine_to_the_svm()
    {
        var result = Run("""
            name: svm-log-t
            data: { kind: separable-classification, n_train: 20, features: 4, margin: 0.3 }
            loss: logistic
            optimizer: { kind: gd, lr: 0.5 }
            train: { steps: 4000, log_every: 1000 }
            metrics: [l2_norm, cosine_to_svm, svm_log_t_residual]
            """);
        double svmNorm = result.References!.Single(r => r.Reference == "svm" && r.Quantity == "norm").Value;
        Assert.True(double.IsNaN(result.Series("svm_log_t_residual").Single(p => p.Step == 0).Value));
        // ‖w − ŵ ln t‖² = ‖w‖² − 2 ln t ‖w‖‖ŵ‖ cos + (‖ŵ‖ ln t)², from three other records.
        foreach (var p in result.Series("svm_log_t_residual").Where(p => p.Step > 0))
        {
            double norm = result.Series("l2_norm").Single(q => q.Step == p.Step).Value;
            double cos = result.Series("cosine_to_svm").Single(q => q.Step == p.Step).Value;
            double lnT = Math.Log(p.Step);
            double expected = Math.Sqrt(Math.Max(0, norm * norm - 2 * lnT * norm * svmNorm * cos + svmNorm * svmNorm * lnT * lnT));
            output.WriteLine($"t = {p.Step}: {p.Value:G6} (from the other records {expected:G6}), ‖w‖ = {norm:G4}");
            Assert.Equal(expected, p.Value, 1e-4 * Math.Max(1, expected));
        }
    }

    [Fact]
    public void The_sensing_family_runs_on_a_symmetric_factorization_and_the_completion_metrics_keep_their_names()
    {
        var result = Run("""
            name: sensing
            data: { kind: matrix-sensing, n: 5, rank: 1, n_train: 12, n_test: 20 }
            model: { kind: symmetric-factorization, n: 5 }
            init: { kind: normal, scale: 0.01 }
            optimizer: { kind: gd, lr: 0.005 }
            train: { steps: 4000, log_every: 4000 }
            metrics: [train_loss, test_loss, dist_to_min_nuclear_sensing, norm_ratio_to_min_nuclear_sensing, min_nuclear_sensing_test_loss, excess_test_loss_over_min_nuclear_sensing, dist_to_truth]
            """);
        foreach (var metric in new[] { "train_loss", "dist_to_min_nuclear_sensing", "norm_ratio_to_min_nuclear_sensing", "min_nuclear_sensing_test_loss", "dist_to_truth" })
            output.WriteLine($"{metric} = {Last(result, metric):G4}");
        var reference = result.References!.Where(r => r.Reference == "min_nuclear_sensing").ToList();
        Assert.Equal(25, reference.Count(r => r.Quantity == "coefficient"));
        Assert.True(reference.Single(r => r.Quantity == "duality_gap").Value <= NuclearNormSensing.DefaultTolerance);
        MetricAt(result, "excess_test_loss_over_min_nuclear_sensing", 4000,
            Last(result, "test_loss") - Last(result, "min_nuclear_sensing_test_loss"));
        // The family adds to the completion metrics, never replaces them.
        var names = Registries.Metrics.Select(k => k.Name).ToHashSet();
        Assert.Contains("dist_to_min_nuclear", names);
        Assert.Contains("min_nuclear_test_loss", names);
        Assert.Contains("norm_ratio_to_min_nuclear", names);
        Assert.Contains("excess_test_loss_over_min_nuclear", names);
        Assert.DoesNotContain("dist_to_min_norm_test_loss", names);
        Assert.Equal(names.Count, Registries.Metrics.Count());
    }
}
