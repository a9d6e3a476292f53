using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// A model whose effective coefficients form a rows × cols matrix W (row-major in
/// <see cref="IVectorModel.Coefficients"/>): spectral metrics (nuclear norm, effective rank, singular values)
/// and matrix references are stated in terms of W.
/// </summary>
public interface IMatrixModel : IVectorModel
{
    long Rows { get; }
    long Cols { get; }

    /// <summary>The end-to-end matrix W [K, rows, cols].</summary>
    Tensor Matrix(IReadOnlyList<Tensor> parameters);
}
