using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// A low-rank matrix M = U Vᵀ/√rank (U, V with i.i.d. N(0, 1) entries, so M's entries have unit variance)
/// of which a random `observed` fraction of entries is seen. Each entry is a point: the input is its
/// (row, column) index pair as two numbers, the target its value. The training set holds the observed
/// entries, the test set all the others, so `test_loss` is the error on the unobserved entries.
/// <see cref="Dataset.Truth"/> is M, row-major [1, rows·cols].
/// </summary>
public sealed class MatrixCompletion(Component c) : IDataGenerator
{
    // A factorized-matrix model declares that its rows and cols equal these (FactorizedMatrix.Kind).
    public static readonly KindInfo Kind = new("matrix-completion", "a random rank-`rank` matrix with a random `observed` fraction of its entries seen",
    [
        ParamInfo.Count("rows", 10, "rows of the matrix (equal to model.rows for a factorized-matrix model)"),
        ParamInfo.Count("cols", 10, "columns of the matrix (equal to model.cols for a factorized-matrix model)"),
        ParamInfo.Count("rank", 2, "inner dimension of U Vᵀ, at most rows and cols"),
        new ParamInfo("observed", ParamType.Double, 0.5, "fraction of the entries in the training set (rounded to a whole count; both sets non-empty)") { Min = 0, MinExclusive = true, Max = 1 },
    ])
    {
        Provides = [Traits.MatrixEntries],
        Rules =
        [
            Rule.AtMost("rank", "data.rows"),
            Rule.AtMost("rank", "data.cols"),
            Rule.Split("observed", c => c.Int("rows") * c.Int("cols"), "entries"),
        ],
        // Every entry is a point (a (row, column) pair and its value); the truth M and the factors U, V.
        Size = c => new DataSize((double)c.Int("rows") * c.Int("cols"), 2, Train: SplitRule.Taken(c.Double("observed"), c.Int("rows") * c.Int("cols")), Extra: (double)c.Int("rows") * c.Int("cols") + (double)c.Int("rank") * (c.Int("rows") + c.Int("cols"))),
    };

    public Dataset Generate(Generator generator)
    {
        // The binder checked rank <= rows, cols and that both sets are non-empty (Kind.Rules).
        long rows = c.Int("rows"), cols = c.Int("cols"), rank = c.Int("rank"), total = rows * cols;
        long seen = SplitRule.Taken(c.Double("observed"), total);

        // Draw order is fixed (U, V, then which entries are seen) so the mask never depends on anything else.
        var u = randn([rows, rank], dtype: ScalarType.Float64, generator: generator);
        var v = randn([cols, rank], dtype: ScalarType.Float64, generator: generator);
        using var root = Math.Sqrt(rank).ToScalar();
        var m = u.matmul(v.T).div_(root).reshape(total);
        var order = randperm(total, generator: generator, dtype: ScalarType.Int64);
        // Sorted, so points come in row-major order whatever the permutation.
        var train = order.narrow(0, 0, seen).sort().Values;
        var test = order.narrow(0, seen, total - seen).sort().Values;
        return new Dataset(Entries(train, cols), m.index_select(0, train).unsqueeze(0),
            Entries(test, cols), m.index_select(0, test).unsqueeze(0), m.unsqueeze(0));
    }

    /// <summary>Row-major flat indices [n] → (row, column) pairs [1, n, 2] as float64.</summary>
    static Tensor Entries(Tensor flat, long cols) =>
        stack([flat.FloorOver(cols), flat.Mod(cols)], 1).to(ScalarType.Float64).unsqueeze(0);
}
