using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// X = U Uᵀ (n × n, U n × width), predicting ⟨A, X⟩ for a measurement matrix A given row-major: the symmetric
/// factorization of Gunasekar et al. 2017, whose gradient descent from a small start approaches the minimum
/// nuclear norm solution. A width of n constrains no rank. As a vector model, w = vec(X) and a point's design row is
/// vec(A), so predictions are linear in w and the interpolant references apply to w.
/// </summary>
public sealed class SymmetricFactorization(Component c) : IMatrixModel
{
    public static readonly KindInfo Kind = new("symmetric-factorization", "X = UUᵀ (n × n), f(A) = ⟨A, X⟩ for measurement matrices A",
    [
        ParamInfo.Count("n", 10, "rows and columns of X (equal to data.n)"),
        ParamInfo.Count("width", 0, "columns of U (0: n, which constrains no rank)", min: 0),
    ])
    {
        // Feature coefficients: w = vec(X) has one entry per input, vec(A) (the data's truth is vec(X*)).
        Provides = [Traits.Coefficients, Traits.FeatureCoefficients, Traits.Matrix, Traits.LinearInCoefficients, Traits.PointPredictions],
        Needs = [Need.Data(Traits.MatrixMeasurements, "it reads measurement matrices")],
        Rules = [Rule.Equal("n", "data.n")],
        CoefficientCount = (c, _) => (double)c.Int("n") * c.Int("n"),
        ParameterCount = (c, _) => (double)c.Int("n") * (c.Int("width") is > 0 and var w ? w : c.Int("n")),
    };

    public long Rows => c.Int("n");
    public long Cols => c.Int("n");
    long Width => c.Int("width") is > 0 and var w ? w : Rows;

    public IReadOnlyList<long[]> Shapes(long trials, long features)
    {
        // An internal check: the binder pairs this model with measurement data only (Kind.Needs, Rules).
        if (features != Rows * Cols)
            throw new InvalidOperationException($"model symmetric-factorization reads {Rows}×{Cols} measurement matrices, but the data have {features} features");
        return [[trials, Rows, Width]];
    }

    public Tensor Matrix(IReadOnlyList<Tensor> parameters) => BatchedProducts.MatMul(parameters[0], parameters[0].transpose(1, 2));

    public Tensor Coefficients(IReadOnlyList<Tensor> parameters) => Matrix(parameters).flatten(1);

    public Tensor Design(Tensor x) => x;

    /// <summary>⟨A_i, X⟩ per point: [K, n, n²] · vec(X) [K, n²].</summary>
    public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x) => BatchedProducts.MatVec(x, Coefficients(parameters));
}
