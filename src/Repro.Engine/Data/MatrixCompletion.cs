using Repro.Core;
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
    // rows and cols must equal the model's: each bounds the other both ways (MaxPath), so a mismatch is a
    // spec error with a position rather than an index out of range at run time.
    public static readonly KindInfo Kind = new("matrix-completion", "a random rank-`rank` matrix with a random `observed` fraction of its entries seen",
    [
        ParamInfo.Count("rows", 10, "rows of the matrix (equal to model.rows for a factorized-matrix model)") with { MaxPath = "model.rows" },
        ParamInfo.Count("cols", 10, "columns of the matrix (equal to model.cols for a factorized-matrix model)") with { MaxPath = "model.cols" },
        ParamInfo.Count("rank", 2, "inner dimension of U Vᵀ, at most rows and cols") with { MaxPath = "data.rows" },
        new ParamInfo("observed", ParamType.Double, 0.5, "fraction of the entries in the training set (rounded to a whole count)") { Min = 0, MinExclusive = true, Max = 1 },
    ]);

    public Dataset Generate(Generator generator)
    {
        long rows = c.Int("rows"), cols = c.Int("cols"), rank = c.Int("rank"), total = rows * cols;
        if (rank > cols) throw new RunException($"data.rank = {rank} exceeds data.cols = {cols}; the rank of a {rows}×{cols} matrix is at most {Math.Min(rows, cols)}");
        long seen = (long)Math.Round(c.Double("observed") * total, MidpointRounding.AwayFromZero);
        if (seen < 1 || seen >= total)
            throw new RunException($"data.observed = {c.Double("observed")} of {total} entries leaves {(seen < 1 ? "no training" : "no test")} entries; choose a fraction between {1.0 / total:G3} and {1 - 1.0 / total:G3}");

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
