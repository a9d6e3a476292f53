using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// Linearly separable labels ±1 with a guaranteed margin: x ~ N(0, I), y = sign⟨w*, x⟩ for a random unit
/// w* (with `nonzeros` non-zero coordinates, all by default), then every point is pushed `margin` further
/// from the hyperplane along y·w*. A sparse w* makes the L1, L2 and L∞ max-margin classifiers differ. So ⟨w*, yx⟩ ≥ margin
/// for all points: separable through the origin, and the max-margin SVM's margin is at least `margin`.
/// </summary>
public sealed class SeparableClassification(Component c) : IDataGenerator
{
    public static readonly KindInfo Kind = new("separable-classification", "linearly separable ±1 labels with margin ≥ `margin` around a random unit direction",
    [
        ParamInfo.Count("n_train", 20, "training points"),
        ParamInfo.Count("n_test", 500, "test points"),
        ParamInfo.Count("features", 2, "input dimension"),
        // Bounded: at a margin of 1e12 the max-margin references fail (GLOP ends ABNORMAL, the SVM's dual looks unbounded).
        ParamInfo.Positive("margin", 0.5, "distance every point keeps from the separating hyperplane (at most 1e6, which the max-margin solvers still resolve)") with { Max = 1e6 },
        ParamInfo.Count("nonzeros", 0, "non-zero coordinates of the true direction w* (0: all)", min: 0),
    ])
    {
        Provides = [Traits.SignLabels, Traits.TrueCoefficients],
        Rules = [Rule.AtMost("nonzeros", "data.features")],
        Size = c => new DataSize(c.Int("n_train") + (double)c.Int("n_test"), c.Int("features"), Train: c.Int("n_train"), Extra: c.Int("features")),
    };

    public Dataset Generate(Generator generator)
    {
        long n = c.Int("n_train"), m = c.Int("n_test"), d = c.Int("features");
        var direction = randn([d], dtype: ScalarType.Float64, generator: generator);
        long k = c.Int("nonzeros");
        if (k > 0)
        {
            var support = randperm(d, generator: generator, dtype: ScalarType.Int64).narrow(0, 0, k);
            direction = zeros([d], dtype: ScalarType.Float64).index_put_(direction.index_select(0, support), support);
        }
        direction /= Held.VectorNorm(direction);
        var (xTrain, yTrain) = Draw(n, d, direction, generator);
        var (xTest, yTest) = Draw(m, d, direction, generator);
        return new Dataset(xTrain.unsqueeze(0), yTrain.unsqueeze(0), xTest.unsqueeze(0), yTest.unsqueeze(0), direction.unsqueeze(0));
    }

    (Tensor X, Tensor Y) Draw(long n, long d, Tensor direction, Generator generator)
    {
        var x = randn([n, d], dtype: ScalarType.Float64, generator: generator);
        var side = x.matmul(direction);
        var y = where(side.ge(Held.Zero), 1.0, -1.0).to(ScalarType.Float64);
        return (x.Plus(y.Times(c.Double("margin")).unsqueeze(1) * direction.unsqueeze(0)), y);
    }
}
