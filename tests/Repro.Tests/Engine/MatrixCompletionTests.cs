using Repro.Core;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Engine.Data;
using Repro.Engine.Losses;
using Repro.Engine.Metrics;
using Repro.Engine.Models;
using Repro.Engine.References;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>The matrix-completion data, the factorized-matrix model and the spectral metrics on cases small enough to check by hand.</summary>
public class MatrixCompletionTests
{
    public MatrixCompletionTests() => TorchRuntime.Start();

    static Tensor Matrix(int rows, int cols, params double[] values) => tensor(values, dtype: ScalarType.Float64).reshape(1, rows, cols);

    /// <summary>(row, column) pairs as the data kind encodes them: [1, n, 2].</summary>
    static Tensor Pairs(params (int Row, int Col)[] entries) =>
        tensor(entries.SelectMany(e => new double[] { e.Row, e.Col }).ToArray(), dtype: ScalarType.Float64).reshape(1, entries.Length, 2);

    static Repro.Core.Spec.Component Model(string yaml) => Component("model", yaml);

    static FactorizedMatrix Factorized(string yaml) => (FactorizedMatrix)Registries.Models.Create(Model(yaml));

    static Dataset Generate(string yaml) =>
        Registries.Data.Create(Specs.Parse($"name: t\ndata: {yaml}\n").Points[0].Data).Generate(SeedStreams.For(0, SeedStreams.Data));

    [Fact]
    public void The_data_split_every_entry_once_into_observed_and_unobserved()
    {
        using var data = Generate("{ kind: matrix-completion, rows: 6, cols: 5, rank: 2, observed: 0.4 }");
        Assert.Equal([1L, 12, 2], data.XTrain.shape);
        Assert.Equal([1L, 18, 2], data.XTest.shape);
        var flat = (long[])[.. Values(data.XTrain[0].select(1, 0) * 5 + data.XTrain[0].select(1, 1)).Select(v => (long)v)];
        var rest = (long[])[.. Values(data.XTest[0].select(1, 0) * 5 + data.XTest[0].select(1, 1)).Select(v => (long)v)];
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), flat.Concat(rest).Order());
        Assert.Equal(flat.Order(), flat); // row-major order whatever the permutation
        // Targets are the truth's entries, and the truth has rank 2.
        var truth = Values(data.Truth!);
        Assert.Equal(flat.Select(i => truth[i]), Values(data.YTrain));
        Assert.Equal(rest.Select(i => truth[i]), Values(data.YTest));
        var sigma = Values(linalg.svdvals(data.Truth!.reshape(6, 5)));
        Assert.True(sigma[1] > 1e-3 && sigma[2] < 1e-12 * sigma[0], string.Join(", ", sigma));
    }

    [Theory]
    [InlineData("{ kind: matrix-completion, rows: 2, cols: 2, rank: 1, observed: 1.0 }")] // no unobserved entry
    [InlineData("{ kind: matrix-completion, rows: 2, cols: 2, rank: 1, observed: 0.01 }")] // no observed entry
    [InlineData("{ kind: matrix-completion, rows: 6, cols: 2, rank: 3 }")] // rank above min(rows, cols)
    public void Data_that_cannot_be_drawn_as_asked_are_refused(string yaml)
    {
        Assert.Throws<Repro.Core.Spec.SpecException>(() => Generate(yaml)); // refused when the spec is bound
    }

    [Theory]
    [InlineData(10, 12, "model.rows = 12 must equal data.rows = 10")]
    [InlineData(12, 10, "model.rows = 10 must equal data.rows = 12")]
    public void Data_and_model_must_agree_on_the_matrix_size(int dataRows, int modelRows, string message)
    {
        var error = Specs.SingleError($"""
            name: t
            data: {"{"} kind: matrix-completion, rows: {dataRows}, cols: 10 {"}"}
            model: {"{"} kind: factorized-matrix, rows: {modelRows}, cols: 10 {"}"}
            """);
        Assert.Contains(message, error.ToString());
    }

    [Fact]
    public void A_depth_one_model_predicts_the_entries_of_its_matrix()
    {
        var model = Factorized("{ kind: factorized-matrix, rows: 2, cols: 3, depth: 1 }");
        Assert.Equal([1L, 2, 3], Assert.Single(model.Shapes(1, 2)));
        var w = Matrix(2, 3, 1, 2, 3, 4, 5, 6);
        Assert.Equal([6.0, 1.0, 2.0], Values(model.Forward([w], Pairs((1, 2), (0, 0), (0, 1)))));
        Assert.Equal([1.0, 2, 3, 4, 5, 6], Values(model.Coefficients([w]))); // row-major
    }

    [Fact]
    public void A_deep_model_multiplies_its_factors_last_to_first()
    {
        var model = Factorized("{ kind: factorized-matrix, rows: 2, cols: 3, depth: 3, width: 4 }");
        Assert.Equal([[1L, 4, 3], [1L, 4, 4], [1L, 2, 4]], model.Shapes(1, 2));
        using var g = new Generator(5);
        var factors = model.Shapes(1, 2).Select(s => randn(s, dtype: ScalarType.Float64, generator: g)).ToList();
        var expected = factors[2][0].matmul(factors[1][0]).matmul(factors[0][0]);
        Assert.True(Values((model.Matrix(factors)[0] - expected).abs().max())[0] < 1e-12);
        // The design row of entry (i, j) is the indicator of i·cols + j, so design · vec(W) = f.
        var x = Pairs((0, 0), (1, 2), (0, 2), (1, 0));
        var viaDesign = model.Design(x).bmm(model.Coefficients(factors).unsqueeze(-1)).squeeze(-1);
        Assert.Equal(Values(model.Forward(factors, x)), Values(viaDesign));
    }

    [Fact]
    public void The_default_width_constrains_no_rank()
    {
        var model = Factorized("{ kind: factorized-matrix, rows: 2, cols: 3, depth: 2 }");
        Assert.Equal([[1L, 2, 3], [1L, 2, 2]], model.Shapes(1, 2));
    }

    [Fact]
    public void A_factorized_matrix_needs_index_pairs()
    {
        var model = Factorized("{ kind: factorized-matrix }");
        Assert.Throws<InvalidOperationException>(() => model.Shapes(1, 100)); // the binder never pairs it so
    }

    [Fact]
    public void Direct_optimization_has_no_gradient_on_unobserved_entries()
    {
        var model = Factorized("{ kind: factorized-matrix, rows: 2, cols: 2, depth: 1 }");
        var w = Matrix(2, 2, 1, 2, 3, 4).requires_grad_(true);
        // Observed (0, 0) = 0 and (1, 1) = 0: ∂/∂W_ij of the mean of squares is 2 W_ij / 2 there and 0 elsewhere.
        new Mse().Compute(model.Forward([w], Pairs((0, 0), (1, 1))), zeros(1, 2, dtype: ScalarType.Float64)).sum().backward();
        Assert.Equal([1.0, 0.0, 0.0, 4.0], Values(w.grad!));
    }

    /// <summary>A 2×2 problem: entries (0, 0), (0, 1), (1, 0) observed as 1, entry (1, 1) held out with value 1.</summary>
    static MetricContext Context(Tensor w)
    {
        var model = Factorized("{ kind: factorized-matrix, rows: 2, cols: 2, depth: 1 }");
        var data = new Dataset(Pairs((0, 0), (0, 1), (1, 0)), ones(1, 3, dtype: ScalarType.Float64), Pairs((1, 1)), ones(1, 1, dtype: ScalarType.Float64));
        return new MetricContext(data, model, [w], new Mse(), model.Coefficients([w]), [w.clone()]);
    }

    static double Metric(IMetric metric, MetricContext c) => Values(metric.Compute(c))[0];

    [Fact]
    public void Spectral_metrics_of_a_diagonal_matrix()
    {
        using var c = Context(Matrix(2, 2, 3, 0, 0, 1));
        Assert.Equal(4.0, Metric(new NuclearNorm(), c), 12);
        Assert.Equal(Math.Exp(-(0.75 * Math.Log(0.75) + 0.25 * Math.Log(0.25))), Metric(new EffectiveRank(), c), 12);
        Assert.Equal(3.0, Metric(new SingularValue(1), c), 12);
        Assert.Equal(1.0, Metric(new SingularValue(2), c), 12);
        Assert.True(double.IsNaN(Metric(new SingularValue(3), c))); // a 2×2 matrix has two
    }

    [Fact]
    public void Equal_singular_values_have_the_effective_rank_of_their_count()
    {
        using var c = Context(Matrix(2, 2, 0, 2, 2, 0));
        Assert.Equal(2.0, Metric(new EffectiveRank(), c), 12);
    }

    [Fact]
    public void A_non_finite_matrix_has_nan_spectral_metrics_instead_of_an_error()
    {
        using var c = Context(Matrix(2, 2, double.NaN, 0, 0, 1));
        Assert.True(double.IsNaN(Metric(new NuclearNorm(), c)));
        Assert.True(double.IsNaN(Metric(new SingularValue(2), c)));
    }

    [Fact]
    public void The_rank_one_completion_is_the_minimum_nuclear_norm_reference()
    {
        // [[1, 1], [1, x]] has nuclear norm √(3 + x² + 2|x − 1|), smallest (2) at x = 1.
        using var c = Context(Matrix(2, 2, 1, 1, 1, 1));
        Assert.True(Math.Abs(Metric(new NuclearNormGap(), c)) < 1e-6);
        Assert.True(Metric(new DistToMinNuclear(), c) < 1e-3);
        Assert.True(Metric(new MinNuclearTestLoss(), c) < 1e-6);
        var certificate = c.References[MinNuclearCompletion.Name].Scalars;
        Assert.True(certificate["duality_gap"] <= NuclearNormCompletion.DefaultTolerance);
        Assert.Equal(2.0, certificate["objective"], 6);
    }

    /// <summary>Trains a 6×6 rank-2 completion with half the entries observed.</summary>
    static TrialResult Train(int depth, double lr) => Trainer.Run(Planner.Plan(Specs.Parse($"""
        name: t
        data: {"{"} kind: matrix-completion, rows: 6, cols: 6, rank: 2, observed: 0.5 {"}"}
        model: {"{"} kind: factorized-matrix, rows: 6, cols: 6, depth: {depth} {"}"}
        init: {"{"} kind: normal, scale: 0.1 {"}"}
        optimizer: {"{"} kind: gd, lr: {lr} {"}"}
        train: {"{"} steps: 300, log_every: 100 {"}"}
        metrics: [train_loss, test_loss, dist_to_nearest_interpolant, nuclear_norm, nuclear_norm_gap]
        """), Repro.Engine.EngineInfo.Version).Trials[0]);

    static double First(TrialResult result, string metric) => result.Series(metric).First().Value;
    static double Last(TrialResult result, string metric) => result.Series(metric).Last().Value;

    [Fact]
    public void Direct_gradient_descent_ends_at_its_init_with_the_observed_entries_filled_in()
    {
        var run = Train(depth: 1, lr: 4);
        Assert.True(Last(run, "train_loss") < 1e-20);
        Assert.True(Last(run, "dist_to_nearest_interpolant") < 1e-10);
        Assert.Equal(First(run, "test_loss"), Last(run, "test_loss")); // bit for bit: no unobserved entry moved
        Assert.Contains(run.References!, r => r.Reference == MinNuclearCompletion.Name && r.Quantity == "duality_gap");
    }

    [Fact]
    public void A_diverging_factorization_is_recorded_with_nan_spectra()
    {
        var run = Train(depth: 3, lr: 1000);
        Assert.True(run.Diverged);
        Assert.True(double.IsNaN(Last(run, "nuclear_norm")));
    }
}
