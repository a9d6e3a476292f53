using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// Data written in the spec: a short list of inputs and labels, as a paper's toy example gives them (Soudry et al.
/// 2018's Fig. 1: a few support vectors and points around them). Nothing is drawn, so every seed sees the same data.
/// Without `test_x` the training points are also the test set.
/// </summary>
public sealed class Points(Component c) : IDataGenerator
{
    public static readonly KindInfo Kind = new("points", "inputs and labels written in the spec (the same for every seed); the training points are the test set unless `test_x` and `test_y` are given",
    [
        ParamInfo.Matrix("x", "training inputs, one row per point", "[[1, 1], [-1, -1]]"),
        ParamInfo.Vector("y", "training labels or targets, one per row of x", "[1, -1]"),
        ParamInfo.Matrix("test_x", "test inputs, as many columns as x (default: the training points)", "[[2, 2], [-2, -2]]", required: false),
        ParamInfo.Vector("test_y", "test labels, one per row of test_x", "[1, -1]", required: false),
    ])
    {
        Provides = [Traits.SignLabels.When("y", v => v is Numbers y && y.Values.All(l => l is 1 or -1), "all ±1")],
        Checks =
        [
            new("y", c => c.List("y").Count != c.List("x").Rows ? $"{c.List("y").Count} labels for {c.List("x").Rows} rows of x" : null, "give one label per row of x"),
            new("test_x", c => c.List("test_x").IsEmpty != c.List("test_y").IsEmpty ? "test_x and test_y go together" : null, "give both, or neither (the training points are then the test set)"),
            new("test_x", c => !c.List("test_x").IsEmpty && c.List("test_x").Columns != c.List("x").Columns
                ? $"test_x has {c.List("test_x").Columns} columns, x {c.List("x").Columns}" : null, "give test inputs as wide as the training inputs"),
            new("test_y", c => !c.List("test_y").IsEmpty && c.List("test_y").Count != c.List("test_x").Rows ? $"{c.List("test_y").Count} labels for {c.List("test_x").Rows} rows of test_x" : null, "give one label per row of test_x"),
        ],
        Size = c => new DataSize(c.List("x").Rows + (double)Math.Max(c.List("test_x").Rows, c.List("x").Rows), Math.Max(c.List("x").Columns, 1), Train: c.List("x").Rows),
    };

    public Dataset Generate(Generator generator)
    {
        var (x, y) = (Matrix(c.List("x")), Vector(c.List("y")));
        bool ownTest = !c.List("test_x").IsEmpty;
        var (xTest, yTest) = ownTest ? (Matrix(c.List("test_x")), Vector(c.List("test_y"))) : (x.clone(), y.clone());
        return new Dataset(x.unsqueeze(0), y.unsqueeze(0), xTest.unsqueeze(0), yTest.unsqueeze(0));
    }

    static Tensor Matrix(Numbers m) => tensor(m.Values.ToArray(), [m.Rows, m.Columns], dtype: ScalarType.Float64);

    static Tensor Vector(Numbers v) => tensor(v.Values.ToArray(), [v.Count], dtype: ScalarType.Float64);
}
