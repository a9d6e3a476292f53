using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Registry;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// 1-D inputs on an evenly spaced grid, training points linspace(lo, hi, n_train) and test points linspace(lo, hi,
/// n_test), labelled by `target` (Cohen et al. 2021's Chebyshev regression sets: T_k on n points of [-1, 1]).
/// Nothing is drawn but the target's noise.
/// </summary>
public sealed class Grid1d(Component c) : IDataGenerator
{
    public static readonly KindInfo Kind = new("grid-1d", "1-D inputs evenly spaced on [lo, hi] (train and test grids), labelled by `target`",
    [
        ParamInfo.Count("n_train", 20, "training points, linspace(lo, hi, n_train) (at least 2)", min: 2),
        ParamInfo.Count("n_test", 200, "test points, linspace(lo, hi, n_test) (at least 2)", min: 2),
        new ParamInfo("lo", ParamType.Double, -1.0, "left end of the interval") { Min = -1e6, Max = 1e6 },
        new ParamInfo("hi", ParamType.Double, 1.0, "right end of the interval") { Min = -1e6, Max = 1e6 },
        ParamInfo.Of("target", "target", "chebyshev", "the labelling function of x"),
    ])
    {
        Checks = [new("hi", c => c.Double("hi") <= c.Double("lo") ? $"hi = {Canonical.Number(c.Double("hi"))} is not above lo = {Canonical.Number(c.Double("lo"))}" : null, "choose lo < hi")],
        Size = c => new DataSize(c.Int("n_train") + (double)c.Int("n_test"), 1, Train: c.Int("n_train")),
    };

    public Dataset Generate(Generator generator)
    {
        double lo = c.Double("lo"), hi = c.Double("hi");
        using var labeler = Registries.Targets.Create(c.Child("target")).Draw(1, generator);
        var xTrain = linspace(lo, hi, c.Int("n_train"), dtype: ScalarType.Float64).unsqueeze(1);
        var xTest = linspace(lo, hi, c.Int("n_test"), dtype: ScalarType.Float64).unsqueeze(1);
        var yTrain = labeler.Label(xTrain, generator);
        var yTest = labeler.Label(xTest, generator);
        return new Dataset(xTrain.unsqueeze(0), yTrain.unsqueeze(0), xTest.unsqueeze(0), yTest.unsqueeze(0), labeler.Truth?.unsqueeze(0));
    }
}
