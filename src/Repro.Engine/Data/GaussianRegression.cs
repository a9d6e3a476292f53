using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Registry;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>Inputs with i.i.d. standard normal entries; labels from a target function.</summary>
public sealed class GaussianRegression(Component c) : IDataGenerator
{
    public static readonly KindInfo Kind = new("gaussian-regression", "inputs with i.i.d. N(0, 1) entries, labelled by `target`",
    [
        ParamInfo.Count("n_train", 20, "training points"),
        ParamInfo.Count("n_test", 500, "test points"),
        ParamInfo.Count("features", 100, "input dimension"),
        ParamInfo.Of("target", "target", "sparse-linear", "the labelling function"),
    ])
    {
        // Inputs and targets of both sets, and the target's coefficients.
        Size = c => new DataSize(c.Int("n_train") + (double)c.Int("n_test"), c.Int("features"), Train: c.Int("n_train"), Extra: c.Int("features")),
    };

    public Dataset Generate(Generator generator)
    {
        long n = c.Int("n_train"), m = c.Int("n_test"), d = c.Int("features");
        // Draw order is fixed (target, train inputs, test inputs, then noise) so adding a
        // metric or changing the model never changes the data.
        using var labeler = Registries.Targets.Create(c.Child("target")).Draw(d, generator);
        var xTrain = randn([n, d], dtype: ScalarType.Float64, generator: generator);
        var xTest = randn([m, d], dtype: ScalarType.Float64, generator: generator);
        var yTrain = labeler.Label(xTrain, generator);
        var yTest = labeler.Label(xTest, generator);
        return new Dataset(xTrain.unsqueeze(0), yTrain.unsqueeze(0), xTest.unsqueeze(0), yTest.unsqueeze(0), labeler.Truth?.unsqueeze(0));
    }
}
