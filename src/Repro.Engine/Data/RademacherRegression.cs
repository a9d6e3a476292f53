using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// Inputs with i.i.d. Rademacher (±1, each with probability 1/2) entries, labelled by `target`: the design of
/// Woodworth et al. 2020's sparse-regression experiments, beside <see cref="GaussianRegression"/>'s N(0, 1).
/// </summary>
public sealed class RademacherRegression(Component c) : IDataGenerator
{
    public static readonly KindInfo Kind = new("rademacher-regression", "inputs with i.i.d. ±1 entries (each with probability 1/2), labelled by `target`",
    [
        ParamInfo.Count("n_train", 20, "training points"),
        ParamInfo.Count("n_test", 500, "test points"),
        ParamInfo.Count("features", 100, "input dimension"),
        ParamInfo.Of("target", "target", "sparse-linear", "the labelling function"),
    ])
    {
        Size = c => new DataSize(c.Int("n_train") + (double)c.Int("n_test"), c.Int("features"), Train: c.Int("n_train"), Extra: c.Int("features")),
    };

    public Dataset Generate(Generator generator)
    {
        long n = c.Int("n_train"), m = c.Int("n_test"), d = c.Int("features");
        // The same draw order as gaussian-regression: target, train inputs, test inputs, then noise.
        using var labeler = Registries.Targets.Create(c.Child("target")).Draw(d, generator);
        var xTrain = Signs([n, d], generator);
        var xTest = Signs([m, d], generator);
        var yTrain = labeler.Label(xTrain, generator);
        var yTest = labeler.Label(xTest, generator);
        return new Dataset(xTrain.unsqueeze(0), yTrain.unsqueeze(0), xTest.unsqueeze(0), yTest.unsqueeze(0), labeler.Truth?.unsqueeze(0));
    }

    // 2·Bernoulli(1/2) − 1 from integer draws: exact ±1, no rounding of a uniform.
    static Tensor Signs(long[] shape, Generator generator) =>
        randint(0, 2, shape, dtype: ScalarType.Int64, generator: generator).to(ScalarType.Float64).Times(2.0).Minus(1.0);
}
