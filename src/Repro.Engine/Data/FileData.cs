using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// Data read from a CSV or Parquet file beside the spec: the inputs are the named columns, the label one more column.
/// The file was read, hashed and checked when the spec was bound (Core's DataFile); its SHA-256 is in the trial key,
/// so an edited file retrains and a moved one does not. Nothing is drawn: every seed sees the same data. Without
/// `test_path` the training rows are also the test set.
/// </summary>
public sealed class FileData(Component c) : IDataGenerator
{
    public static readonly KindInfo Kind = new("file", "inputs and labels read from a CSV (header row) or Parquet file; its SHA-256 enters the trial key",
    [
        ParamInfo.File("path", "the training data, relative to the spec's folder", "data/train.csv"),
        ParamInfo.Columns("inputs", "the columns that form the inputs x, in this order", "[x1, x2]"),
        ParamInfo.Column("label", "the column of labels or targets y", "y"),
        ParamInfo.File("test_path", "test data with the same columns (default: the training rows)", "data/test.csv", required: false),
    ])
    {
        Provides = [Traits.SignLabels.WhenComponent("label", c => Labels(c, "path").All(l => l is 1 or -1) && Labels(c, "test_path").All(l => l is 1 or -1), "all ±1")],
        Checks =
        [
            new("inputs", c => Missing(c, "path", [.. c.Names("inputs").Items]), "name columns the file has"),
            new("label", c => Missing(c, "path", [c.Text("label")]), "name the column that holds the labels"),
            new("label", c => c.Names("inputs").Items.Contains(c.Text("label")) ? $"column '{c.Text("label")}' is both an input and the label" : null, "take the label out of `inputs`"),
            new("test_path", c => Missing(c, "test_path", [.. c.Names("inputs").Items, c.Text("label")]), "give the test file the same columns as the training file"),
        ],
        Size = c => new DataSize(c.File("path").Rows + (double)Math.Max(c.File("test_path").Rows, c.File("path").Rows), Math.Max(c.Names("inputs").Items.Length, 1), Train: c.File("path").Rows),
    };

    public Dataset Generate(Generator generator)
    {
        var (x, y) = Read(c.File("path"));
        var (xTest, yTest) = c.File("test_path").IsNone ? (x.clone(), y.clone()) : Read(c.File("test_path"));
        return new Dataset(x.unsqueeze(0), y.unsqueeze(0), xTest.unsqueeze(0), yTest.unsqueeze(0));
    }

    (Tensor X, Tensor Y) Read(DataFile file)
    {
        var inputs = c.Names("inputs").Items;
        var x = new double[file.Rows * inputs.Length];
        for (int j = 0; j < inputs.Length; j++)
        {
            var column = file.Column(inputs[j]);
            for (int i = 0; i < file.Rows; i++) x[i * inputs.Length + j] = column[i];
        }
        return (tensor(x, [file.Rows, inputs.Length], dtype: ScalarType.Float64), tensor(file.Column(c.Text("label")), [file.Rows], dtype: ScalarType.Float64));
    }

    static IEnumerable<double> Labels(Component c, string file) => c.File(file) is { IsNone: false } f && f.Columns.TryGetValue(c.Text("label"), out var y) ? y : [];

    // A file that did not load has its own error already; an optional one left out has nothing to check.
    static string? Missing(Component c, string file, IEnumerable<string> columns) =>
        c.File(file) is { IsNone: false } f ? columns.Select(f.Problem).FirstOrDefault(p => p is not null) : null;
}
