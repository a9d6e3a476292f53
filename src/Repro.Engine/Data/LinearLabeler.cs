using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>Labels ⟨θ*, x⟩ plus noise·N(0, 1), drawn after the inputs; θ* is the truth metrics compare with.</summary>
sealed class LinearLabeler(Tensor theta, double noise) : ILabeler
{
    public Tensor? Truth => theta.clone();

    public Tensor Label(Tensor x, Generator generator) => LabelNoise.Added(x.matmul(theta), noise, generator);

    /// <summary>θ* with <paramref name="k"/> non-zero entries at random coordinates: the support is drawn first, then <paramref name="values"/>.</summary>
    public static LinearLabeler Sparse(long features, long k, Generator generator, Func<Tensor> values, double noise)
    {
        var support = randperm(features, generator: generator, dtype: ScalarType.Int64).narrow(0, 0, k);
        return new LinearLabeler(zeros([features], dtype: ScalarType.Float64).index_put_(values(), support), noise);
    }

    public void Dispose() => theta.Dispose();
}
