using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// Matrix sensing (Gunasekar et al. 2017): a low-rank positive semidefinite X* = U Uᵀ/√rank (n × n, U with i.i.d.
/// N(0, 1) entries) seen through `n_train` linear measurements y_i = ⟨A_i, X*⟩ with symmetric Gaussian A_i =
/// (G_i + G_iᵀ)/2 (G_i i.i.d. N(0, 1)). Each point's input is A_i row-major (n² numbers), so ⟨A, X⟩ is a dot product
/// with vec(X). The test set is `n_test` fresh measurements. <see cref="Dataset.Truth"/> is vec(X*).
/// </summary>
public sealed class MatrixSensing(Component c) : IDataGenerator
{
    public static readonly KindInfo Kind = new("matrix-sensing", "a random rank-`rank` PSD matrix X* = UUᵀ/√rank (n × n) seen through ⟨A_i, X*⟩ for symmetric Gaussian A_i",
    [
        ParamInfo.Count("n", 10, "rows and columns of X* (equal to model.n for a symmetric-factorization model; at most 300)") with { Max = 300 },
        ParamInfo.Count("rank", 2, "rank of X*, at most n"),
        ParamInfo.Count("n_train", 50, "measurements in the training set"),
        ParamInfo.Count("n_test", 200, "measurements in the test set"),
    ])
    {
        Provides =
        [
            Traits.MatrixMeasurements, Traits.TrueCoefficients, Traits.ExactLinearTargets,
            // More measurements than degrees of freedom are linearly dependent: the min-nuclear SDP has no interior.
            Traits.IndependentMeasurements.WhenComponent("n_train", c => c.Int("n_train") <= DegreesOfFreedom(c.Int("n")), "<= n(n+1)/2"),
        ],
        Rules = [Rule.AtMost("rank", "data.n")],
        Size = c => new DataSize(c.Int("n_train") + (double)c.Int("n_test"), (double)c.Int("n") * c.Int("n"), Train: c.Int("n_train"), Extra: (double)c.Int("n") * c.Int("n")),
    };

    static long DegreesOfFreedom(long n) => n * (n + 1) / 2;

    public Dataset Generate(Generator generator)
    {
        long n = c.Int("n"), rank = c.Int("rank");
        // Draw order is fixed: U, then the training measurements, then the test ones.
        var u = randn([n, rank], dtype: ScalarType.Float64, generator: generator);
        var truth = u.matmul(u.T).Over(Math.Sqrt(rank)).reshape(n * n);
        var (xTrain, yTrain) = Measure(c.Int("n_train"), n, truth, generator);
        var (xTest, yTest) = Measure(c.Int("n_test"), n, truth, generator);
        return new Dataset(xTrain.unsqueeze(0), yTrain.unsqueeze(0), xTest.unsqueeze(0), yTest.unsqueeze(0), truth.unsqueeze(0));
    }

    static (Tensor X, Tensor Y) Measure(long m, long n, Tensor truth, Generator generator)
    {
        var g = randn([m, n, n], dtype: ScalarType.Float64, generator: generator);
        var a = g.Plus(g.transpose(1, 2)).Times(0.5).reshape(m, n * n);
        return (a, a.matmul(truth));
    }
}
