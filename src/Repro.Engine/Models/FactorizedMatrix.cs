using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// A matrix W = W_depth ⋯ W_1 (rows × cols) that predicts its entry W[i, j] at an input (i, j): the
/// matrix factorization of Gunasekar et al. (2017) and Arora et al. (2019). Depth 1 is W itself (direct
/// optimization of the matrix). The inner factors are width × width, W_1 is width × cols and W_depth is
/// rows × width; a width of at least min(rows, cols) constrains no rank, so any low rank GD finds is implicit.
/// </summary>
/// <remarks>
/// The matrix size cannot come from the inputs (a (row, column) pair is two numbers whatever the size), so
/// rows and cols are parameters, each bounded by the data's and the data's by them: they must be equal.
/// As a vector model, w = vec(W) row-major and the design row of entry (i, j) is the indicator of i·cols + j.
/// </remarks>
public sealed class FactorizedMatrix(Component c) : IMatrixModel
{
    public static readonly KindInfo Kind = new("factorized-matrix", "W = W_depth ⋯ W_1 (rows × cols), f((i, j)) = W[i, j]; depth 1 is the matrix itself",
    [
        ParamInfo.Count("rows", 10, "rows of W (equal to data.rows)"),
        ParamInfo.Count("cols", 10, "columns of W (equal to data.cols)"),
        ParamInfo.Count("depth", 2, "number of factors (1 = optimize W directly)"),
        ParamInfo.Count("width", 0, "inner dimension of the factors (0: min(rows, cols), which constrains no rank)", min: 0),
    ])
    {
        // Not PositiveCoefficients: the entropy reference would need every observed entry positive.
        Provides = [Traits.Coefficients, Traits.Matrix, Traits.LinearInCoefficients, Traits.PointPredictions],
        Needs = [Need.Data(Traits.MatrixEntries, "it reads (row, column) pairs")],
        Rules = [Rule.Equal("rows", "data.rows"), Rule.Equal("cols", "data.cols")],
        CoefficientCount = (c, _) => (double)c.Int("rows") * c.Int("cols"),
        ParameterCount = (c, _) =>
        {
            double rows = c.Int("rows"), cols = c.Int("cols"), depth = c.Int("depth");
            double width = c.Int("width") is > 0 and var w ? w : Math.Min(rows, cols);
            return depth == 1 ? rows * cols : width * cols + (depth - 2) * width * width + rows * width;
        },
    };

    public long Rows => c.Int("rows");
    public long Cols => c.Int("cols");
    long Depth => c.Int("depth");
    long Width => c.Int("width") is > 0 and var w ? w : Math.Min(Rows, Cols);

    public IReadOnlyList<long[]> Shapes(long trials, long features)
    {
        // An internal check: the binder pairs this model with (row, column) data only (Kind.Needs).
        if (features != 2)
            throw new InvalidOperationException($"model factorized-matrix reads (row, column) pairs, but the data have {features} features");
        if (Depth == 1) return [[trials, Rows, Cols]];
        return [.. Enumerable.Range(0, (int)Depth).Select(i => i switch
        {
            0 => new[] { trials, Width, Cols },
            _ when i == Depth - 1 => [trials, Rows, Width],
            _ => [trials, Width, Width],
        })];
    }

    /// <summary>W_depth ⋯ W_1, multiplied from the right (W_1 first) in a fixed order.</summary>
    public Tensor Matrix(IReadOnlyList<Tensor> parameters)
    {
        var w = parameters[0];
        for (int i = 1; i < parameters.Count; i++) w = BatchedProducts.MatMul(parameters[i], w);
        return w;
    }

    public Tensor Coefficients(IReadOnlyList<Tensor> parameters) => Matrix(parameters).flatten(1);

    public Tensor Design(Tensor x) => nn.functional.one_hot(Flat(x), Rows * Cols).to(x.dtype);

    public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x) => Coefficients(parameters).gather(1, Flat(x));

    /// <summary>(row, column) pairs [K, n, 2] → row-major flat indices [K, n].</summary>
    Tensor Flat(Tensor x) => x.select(-1, 0).Times(Cols).Plus(x.select(-1, 1)).to(ScalarType.Int64);
}
