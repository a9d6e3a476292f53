using Repro.Engine.Data;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Tests.Support;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// The data and target kinds a paper's own setting needs (issue 15): points written in the spec, ±1 designs,
/// 1-D grids with Chebyshev targets, fixed, k-sparse fixed-magnitude and pure-noise targets. Each is checked
/// against the definition computed another way.
/// </summary>
public class DataKindsTests
{
    public DataKindsTests() => TorchRuntime.Start();

    static Dataset Generate(string yaml, long seed = 0)
    {
        using var g = new Generator((ulong)seed);
        return Registries.Data.Create(Component("data", yaml)).Generate(g);
    }

    static double[,] Matrix(Tensor t)
    {
        var m = t.squeeze(0);
        var values = Values(m);
        long rows = m.shape[0], cols = m.shape[1];
        var result = new double[rows, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) result[r, c] = values[r * cols + c];
        return result;
    }

    [Fact]
    public void Points_are_the_data_as_written_and_the_test_set_unless_one_is_given()
    {
        using var d = Generate("{ kind: points, x: [[1, 2], [3, -4.5], [0, 1e-3]], y: [1, -1, 1] }");
        Assert.Equal(new double[,] { { 1, 2 }, { 3, -4.5 }, { 0, 1e-3 } }, Matrix(d.XTrain));
        Assert.Equal([1.0, -1, 1], Values(d.YTrain));
        Assert.Equal(Values(d.XTrain), Values(d.XTest));
        Assert.Null(d.Truth);

        using var withTest = Generate("{ kind: points, x: [[1], [2]], y: [1, 2], test_x: [[3], [4], [5]], test_y: [3, 4, 5] }");
        Assert.Equal([3.0, 4, 5], Values(withTest.XTest));
        Assert.Equal([3.0, 4, 5], Values(withTest.YTest));
    }

    [Fact]
    public void A_rademacher_design_has_entries_plus_or_minus_one_and_exact_linear_labels()
    {
        using var d = Generate("{ kind: rademacher-regression, n_train: 40, n_test: 60, features: 50, target: { kind: sparse-fixed, nonzeros: 4 } }");
        var x = Values(d.XTrain).Concat(Values(d.XTest)).ToArray();
        Assert.All(x, v => Assert.True(v is 1 or -1, $"entry {v}"));
        Assert.InRange(x.Average(), -0.1, 0.1); // 5,000 fair signs: the mean is within 0.1 but for a 1e-12 chance
        var theta = Values(d.Truth!);
        var y = Values(d.YTrain);
        for (int i = 0; i < 40; i++)
            Assert.Equal(Enumerable.Range(0, 50).Sum(j => x[i * 50 + j] * theta[j]), y[i], 12);
        using var again = Generate("{ kind: rademacher-regression, n_train: 40, n_test: 60, features: 50, target: { kind: sparse-fixed, nonzeros: 4 } }");
        Assert.Equal(Values(d.XTrain), Values(again.XTrain));
        using var other = Generate("{ kind: rademacher-regression, n_train: 40, n_test: 60, features: 50, target: { kind: sparse-fixed, nonzeros: 4 } }", seed: 1);
        Assert.NotEqual(Values(d.XTrain), Values(other.XTrain));
    }

    [Theory]
    [InlineData(4, 1.0, true)]
    [InlineData(9, 3.0, false)]
    public void A_sparse_fixed_target_has_k_entries_of_magnitude_over_root_k(int k, double magnitude, bool positive)
    {
        using var d = Generate($"{{ kind: gaussian-regression, n_train: 5, n_test: 5, features: 30, target: {{ kind: sparse-fixed, nonzeros: {k}, magnitude: {magnitude}, positive: {(positive ? "true" : "false")} }} }}");
        var theta = Values(d.Truth!);
        var nonzero = theta.Where(v => v != 0).ToArray();
        Assert.Equal(k, nonzero.Length);
        Assert.All(nonzero, v => Assert.Equal(magnitude / Math.Sqrt(k), Math.Abs(v), 14));
        Assert.Equal(magnitude, Math.Sqrt(theta.Sum(v => v * v)), 12);
        if (positive) Assert.All(nonzero, v => Assert.True(v > 0));
        else Assert.Contains(nonzero, v => v < 0); // 9 random signs, all positive with chance 1/512: seed 0 has both
    }

    [Fact]
    public void A_fixed_target_labels_with_the_written_coefficients_and_noise_alone_with_none()
    {
        using var d = Generate("{ kind: gaussian-regression, n_train: 6, n_test: 4, features: 3, target: { kind: fixed, values: [2, 0, -0.5] } }");
        Assert.Equal([2.0, 0, -0.5], Values(d.Truth!));
        var x = Values(d.XTrain);
        var y = Values(d.YTrain);
        for (int i = 0; i < 6; i++) Assert.Equal(2 * x[i * 3] - 0.5 * x[i * 3 + 2], y[i], 12);

        using var noise = Generate("{ kind: gaussian-regression, n_train: 2000, n_test: 5, features: 3, target: { kind: noise, noise: 2 } }");
        Assert.All(Values(noise.Truth!), v => Assert.Equal(0.0, v));
        var labels = Values(noise.YTrain);
        double sd = Math.Sqrt(labels.Sum(v => v * v) / labels.Length);
        Assert.InRange(sd, 1.85, 2.15); // 2,000 draws of N(0, 4): the sample sd is within 0.15 of 2 but for a 1e-10 chance
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(12)]
    public void A_chebyshev_target_on_a_grid_is_cos_k_arccos_x(int degree)
    {
        using var d = Generate($"{{ kind: grid-1d, n_train: 21, n_test: 101, lo: -1, hi: 1, target: {{ kind: chebyshev, degree: {degree} }} }}");
        var x = Values(d.XTrain);
        Assert.Equal(21, x.Length);
        for (int i = 0; i < x.Length; i++) Assert.Equal(-1 + i * 0.1, x[i], 14);
        var y = Values(d.YTrain);
        for (int i = 0; i < x.Length; i++) Assert.Equal(Math.Cos(degree * Math.Acos(x[i])), y[i], 11);
        Assert.Equal(101, Values(d.XTest).Length);
    }

    [Fact]
    public void Outside_the_interval_chebyshev_grows_as_cosh_k_arccosh_x()
    {
        using var d = Generate("{ kind: grid-1d, n_train: 5, n_test: 5, lo: 1, hi: 3, target: { kind: chebyshev, degree: 4 } }");
        var x = Values(d.XTrain);
        var y = Values(d.YTrain);
        for (int i = 0; i < x.Length; i++) Assert.Equal(Math.Cosh(4 * Math.Acosh(x[i])), y[i], 9);
    }

    [Fact]
    public void Matrix_sensing_measures_a_low_rank_psd_matrix_with_symmetric_gaussian_matrices()
    {
        const int n = 6, rank = 2, m = 25;
        using var d = Generate($"{{ kind: matrix-sensing, n: {n}, rank: {rank}, n_train: {m}, n_test: 7 }}");
        var truth = Values(d.Truth!);
        var a = Values(d.XTrain);
        var y = Values(d.YTrain);
        Assert.Equal(m * n * n, a.Length);
        Assert.Equal(7 * n * n, Values(d.XTest).Length);
        for (int i = 0; i < m; i++)
        {
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                    Assert.Equal(a[i * n * n + r * n + c], a[i * n * n + c * n + r]); // A_i symmetric
            Assert.Equal(Enumerable.Range(0, n * n).Sum(k => a[i * n * n + k] * truth[k]), y[i], 10);
        }
        // X* symmetric PSD of rank 2: its eigenvalues (torch.linalg) are 2 positive and 4 zero (to rounding).
        using var x = tensor(truth, [n, n], dtype: ScalarType.Float64);
        Assert.Equal(Values(x), Values(x.T.contiguous()));
        var eigen = Values(linalg.eigvalsh(x)).OrderDescending().ToArray();
        Assert.All(eigen.Take(rank), e => Assert.True(e > 1e-3, $"eigenvalue {e}"));
        Assert.All(eigen.Skip(rank), e => Assert.True(Math.Abs(e) < 1e-12, $"eigenvalue {e}"));
    }

    [Fact]
    public void A_symmetric_factorization_predicts_the_inner_product_of_A_with_U_U_transposed()
    {
        const int n = 3;
        var model = (Repro.Engine.Models.SymmetricFactorization)Registries.Models.Create(Component("model", "{ kind: symmetric-factorization, n: 3, width: 2 }"));
        Assert.Equal([[1L, n, 2]], model.Shapes(1, n * n));
        double[] u = [1, 2, -1, 0.5, 0, 3];
        using var p = tensor(u, [1, n, 2], dtype: ScalarType.Float64);
        double[] aValues = [1, 2, 0, 2, -1, 4, 0, 4, 0.5];
        using var a = tensor(aValues, [1, 1, n * n], dtype: ScalarType.Float64);
        double expected = 0;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                expected += aValues[r * n + c] * (u[r * 2] * u[c * 2] + u[r * 2 + 1] * u[c * 2 + 1]);
        Assert.Equal(expected, Values(model.Forward([p], a))[0], 12);
        var x = Values(model.Matrix([p]));
        for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) Assert.Equal(x[r * n + c], x[c * n + r]);
    }

    [Fact]
    public void A_deep_linear_network_predicts_with_the_product_of_its_factors()
    {
        var model = (Repro.Engine.Models.DeepLinear)Registries.Models.Create(Component("model", "{ kind: deep-linear, depth: 3, width: 2 }"));
        Assert.Equal([[1L, 2, 3], [1L, 2, 2], [1L, 1, 2]], model.Shapes(1, 3));
        double[] w1 = [1, 2, 0, -1, 0.5, 3], w2 = [1, -2, 0.5, 1], w3 = [2, -1];
        using var p1 = tensor(w1, [1, 2, 3], dtype: ScalarType.Float64);
        using var p2 = tensor(w2, [1, 2, 2], dtype: ScalarType.Float64);
        using var p3 = tensor(w3, [1, 1, 2], dtype: ScalarType.Float64);
        // w = W3 W2 W1 by hand: W2 W1 first, then the row W3 times it.
        var w21 = new double[6];
        for (int r = 0; r < 2; r++) for (int c = 0; c < 3; c++) w21[r * 3 + c] = w2[r * 2] * w1[c] + w2[r * 2 + 1] * w1[3 + c];
        var w = Enumerable.Range(0, 3).Select(c => w3[0] * w21[c] + w3[1] * w21[3 + c]).ToArray();
        Assert.Equal(w, Values(model.Coefficients([p1, p2, p3])), Close);
        using var x = tensor(new double[] { 1, 0.5, -2, 0, 1, 1 }, [1, 2, 3], dtype: ScalarType.Float64);
        Assert.Equal([w[0] + 0.5 * w[1] - 2 * w[2], w[1] + w[2]], Values(model.Forward([p1, p2, p3], x)), Close);
    }

    [Theory]
    [InlineData("data: { kind: points, x: [[1, 1], [2], [-1, -1]], y: [1, 1, -1] }", "data.x[1] has 1 numbers, the rows before it 2")]
    [InlineData("data: { kind: points, x: [[1, 1], [2, 2]], y: [1, 1, -1] }", "data.y: 3 labels for 2 rows of x")]
    [InlineData("data: { kind: points, y: [1] }", "data.x is required")]
    [InlineData("data: { kind: points, x: [[1, a]], y: [1] }", "data.x[0][1] must be a number, got 'a'")]
    [InlineData("data: { kind: points, x: 3, y: [1] }", "data.x must be a non-empty list of rows, got '3'")]
    [InlineData("data: { kind: points, x: [[1]], y: [1], test_x: [[1]] }", "data.test_x: test_x and test_y go together")]
    [InlineData("data: { kind: points, x: [[1]], y: [1], test_x: [[1, 2]], test_y: [1] }", "data.test_x: test_x has 2 columns, x 1")]
    [InlineData("data: { kind: gaussian-regression, features: 4, target: { kind: fixed, values: [1, 0, 0] } }", "data.target.values has 3 entries, but data.features = 4")]
    [InlineData("data: { kind: grid-1d, lo: 1, hi: 1 }", "data.hi: hi = 1 is not above lo = 1")]
    [InlineData("data: { kind: rademacher-regression, features: 3, target: { kind: sparse-fixed, nonzeros: 5 } }", "data.target.nonzeros = 5 exceeds data.features = 3")]
    [InlineData("data: { kind: matrix-sensing, n: 4, rank: 5 }", "data.rank = 5 exceeds data.n = 4")]
    public void A_malformed_data_block_is_one_positioned_error(string data, string problem)
    {
        var error = Specs.SingleError($"name: t\n{data}\nmodel: linear\nmetrics: [train_loss]\n");
        Assert.Equal(2, error.Where.Line);
        Assert.StartsWith(problem, error.Problem);
    }

    [Theory]
    [InlineData("data: { kind: matrix-sensing, n: 4 }\nmodel: { kind: symmetric-factorization, n: 5 }", 3, "model.n = 5 must equal data.n = 4")]
    [InlineData("data: gaussian-regression\nmodel: { kind: symmetric-factorization, n: 5 }", 3, "model symmetric-factorization needs data whose inputs are measurement matrices")]
    public void A_symmetric_factorization_is_paired_only_with_sensing_data_of_its_size(string yaml, int line, string problem)
    {
        var error = Specs.SingleError($"name: t\n{yaml}\nmetrics: [train_loss]\n");
        Assert.Equal(line, error.Where.Line);
        Assert.StartsWith(problem, error.Problem);
    }
}
