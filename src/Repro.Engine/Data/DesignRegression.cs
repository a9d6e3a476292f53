using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Registry;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// What the regression kinds with a random design share (gaussian-regression, rademacher-regression): their
/// parameters, their size, and one draw order (target, train inputs, test inputs, then label noise), so that adding
/// a metric or changing the model never changes the data.
/// </summary>
static class DesignRegression
{
    public static IReadOnlyList<ParamInfo> Params() =>
    [
        ParamInfo.Count("n_train", 20, "training points"),
        ParamInfo.Count("n_test", 500, "test points"),
        ParamInfo.Count("features", 100, "input dimension"),
        ParamInfo.Of("target", "target", "sparse-linear", "the labelling function"),
    ];

    // Inputs and targets of both sets, and the target's coefficients.
    public static DataSize Size(Component c) =>
        new(c.Int("n_train") + (double)c.Int("n_test"), c.Int("features"), Train: c.Int("n_train"), Extra: c.Int("features"));

    /// <param name="design">draws an [n, d] input matrix from the generator</param>
    public static Dataset Generate(Component c, Generator generator, Func<long[], Generator, Tensor> design)
    {
        long n = c.Int("n_train"), m = c.Int("n_test"), d = c.Int("features");
        using var labeler = Registries.Targets.Create(c.Child("target")).Draw(d, generator);
        var xTrain = design([n, d], generator);
        var xTest = design([m, d], generator);
        var yTrain = labeler.Label(xTrain, generator);
        var yTest = labeler.Label(xTest, generator);
        return new Dataset(xTrain.unsqueeze(0), yTrain.unsqueeze(0), xTest.unsqueeze(0), yTest.unsqueeze(0), labeler.Truth?.unsqueeze(0));
    }
}
