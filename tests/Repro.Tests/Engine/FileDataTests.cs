using DuckDB.NET.Data;
using Repro.Engine;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine.Registry;
using Repro.Engine.Training;
using Repro.Tests.Support;

namespace Repro.Tests.Engine;

/// <summary>
/// `data: { kind: file }` (issue 15): a CSV or Parquet file beside the spec. The data trained on are the file's
/// numbers, whichever format holds them; the file's content, not its path, is in the trial key; every problem with
/// the file is a positioned error at validate (in the CSV where the CSV is wrong).
/// </summary>
public class FileDataTests : IDisposable
{
    readonly TempDir dir = new();

    // Soudry et al.'s Fig. 1 kind of data: a few separable points.
    const string Csv = "x1,x2,y\n1,1,1\n2,0.5,1\n-1,-1,-1\n-0.5,-2,-1\n1.5,2.5,1\n";
    static readonly double[,] X = { { 1, 1 }, { 2, 0.5 }, { -1, -1 }, { -0.5, -2 }, { 1.5, 2.5 } };
    static readonly double[] Y = [1, 1, -1, -1, 1];

    public void Dispose() => dir.Dispose();

    string Spec(string data) => $$"""
        name: from-a-file
        data: {{data}}
        model: { kind: linear, bias: false }
        loss: logistic
        optimizer: { kind: gd, lr: 0.5 }
        train: { steps: 40, log_every: 10 }
        seeds: [0, 1]
        metrics: [train_loss, margin]
        """;

    ResolvedSpec Bind(string data, string specName = "spec.yaml") =>
        SpecBinder.Parse(Spec(data), Path.Combine(dir.Path, specName), Registries.Catalog);

    SpecError Error(string data) => Assert.Single(Assert.Throws<SpecException>(() => Bind(data)).Errors);

    static IReadOnlyList<TrialResult> Train(ResolvedSpec spec) => [.. Planner.Plan(spec, EngineInfo.Version).Trials.Select(t => Trainer.Run(t))];

    [Fact]
    public void A_csv_file_trains_exactly_as_the_same_points_written_in_the_spec()
    {
        dir.File("points.csv", Csv);
        var fromFile = Train(Bind("{ kind: file, path: points.csv, inputs: [x1, x2], label: y }"));
        string rows = string.Join(", ", Enumerable.Range(0, Y.Length).Select(i => $"[{X[i, 0]}, {X[i, 1]}]"));
        var written = Train(Bind($"{{ kind: points, x: [{rows}], y: [{string.Join(", ", Y)}] }}"));
        Assert.Equal(written.Count, fromFile.Count);
        for (int t = 0; t < written.Count; t++)
            Assert.Equal(written[t].Points.Select(p => (p.Step, p.Metric, BitConverter.DoubleToInt64Bits(p.Value))),
                fromFile[t].Points.Select(p => (p.Step, p.Metric, BitConverter.DoubleToInt64Bits(p.Value))));
    }

    [Fact]
    public void A_parquet_file_written_by_duckdb_gives_the_data_its_csv_gives()
    {
        string csv = dir.File("points.csv", Csv);
        string parquet = Path.Combine(dir.Path, "points.parquet");
        using (var db = new DuckDBConnection("Data Source=:memory:"))
        {
            db.Open();
            using var copy = db.CreateCommand();
            // x2 as FLOAT (float32, as pandas often writes): 0.5, 2.5 and -2 are exact in float32, so nothing moves.
            copy.CommandText = $"COPY (SELECT x1, CAST(x2 AS FLOAT) AS x2, CAST(y AS INTEGER) AS y FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)";
            copy.ExecuteNonQuery();
        }
        var a = Bind("{ kind: file, path: points.csv, inputs: [x1, x2], label: y }").Points[0].Data.File("path");
        var b = Bind("{ kind: file, path: points.parquet, inputs: [x1, x2], label: y }").Points[0].Data.File("path");
        foreach (var column in new[] { "x1", "x2", "y" }) Assert.Equal(a.Column(column), b.Column(column));
        Assert.Equal(Y, b.Column("y"));
    }

    [Fact]
    public void The_trial_key_follows_the_file_content_not_its_path()
    {
        dir.File("points.csv", Csv);
        Directory.CreateDirectory(Path.Combine(dir.Path, "data"));
        dir.File("data/moved.csv", Csv);
        string Key(string path) => Planner.Plan(Bind($"{{ kind: file, path: {path}, inputs: [x1, x2], label: y }}"), EngineInfo.Version).Trials[0].Key;

        string key = Key("points.csv");
        Assert.Equal(key, Key("data/moved.csv"));
        dir.File("points.csv", Csv.Replace("2,0.5,1", "2,0.75,1"));
        Assert.NotEqual(key, Key("points.csv"));
        Assert.Contains($"sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir.Path, "points.csv"))))}",
            Canonical.Compact(Canonical.Of(Bind("{ kind: file, path: points.csv, inputs: [x1, x2], label: y }").Points[0])));
    }

    [Fact]
    public void A_separate_test_file_is_the_test_set_and_must_have_the_same_columns()
    {
        dir.File("train.csv", Csv);
        dir.File("test.csv", "x1,x2,y\n3,3,1\n-3,-3,-1\n");
        using var _ = TorchSharp.torch.NewDisposeScope();
        var data = Registries.Data.Create(Bind("{ kind: file, path: train.csv, inputs: [x2, x1], label: y, test_path: test.csv }").Points[0].Data)
            .Generate(new TorchSharp.torch.Generator(0));
        Assert.Equal([0.5, 2.0], Support.Parts.Values(data.XTrain.narrow(1, 1, 1)));   // inputs in the order named
        Assert.Equal([3.0, 3, -3, -3], Support.Parts.Values(data.XTest));
        dir.File("bad-test.csv", "x1,y\n3,1\n");
        Assert.Contains("no column 'x2'", Error("{ kind: file, path: train.csv, inputs: [x1, x2], label: y, test_path: bad-test.csv }").Problem);
    }

    [Fact]
    public void A_missing_file_is_an_error_at_its_path_in_the_spec()
    {
        var e = Error("{ kind: file, path: nowhere.csv, inputs: [x1], label: y }");
        Assert.Equal((2, 27), (e.Where.Line, e.Where.Column));
        Assert.Contains("does not exist", e.Problem);
        Assert.Contains("is neither .csv nor .parquet", Error("{ kind: file, path: points.txt, inputs: [x1], label: y }").Problem);
    }

    [Theory]
    [InlineData("x1,x2,y\n1,1,1\n2,,1\n", 3, 3, "an empty cell in column 'x2'")]
    [InlineData("x1,x2,y\n1,1,1\n2,nan,1\n", 3, 3, "'nan' in column 'x2', not a finite number")]
    [InlineData("x1,x2,y\n1,1\n", 2, 1, "2 cells on this line, 3 in its header")]
    [InlineData("x1,x1,y\n1,1,1\n", 1, 4, "names column 'x1' twice")]
    [InlineData("x1,x2,y\n", 0, 0, "has no rows")]
    public void A_malformed_csv_is_an_error_at_its_line_and_column_in_the_csv(string csv, int line, int column, string problem)
    {
        dir.File("points.csv", csv);
        var e = Error("{ kind: file, path: points.csv, inputs: [x1, x2], label: y }");
        Assert.Contains(problem, e.Problem);
        if (line > 0)
        {
            Assert.Equal(Path.Combine(dir.Path, "points.csv"), Path.Combine(dir.Path, e.Where.File));
            Assert.Equal((line, column), (e.Where.Line, e.Where.Column));
        }
        else Assert.EndsWith("spec.yaml", e.Where.File);
    }

    [Fact]
    public void Naming_a_column_the_file_lacks_or_holds_as_text_says_which_and_suggests_one()
    {
        dir.File("points.csv", "x1,x2,name,y\n1,1,a,1\n-1,-1,b,-1\n");
        var unknown = Error("{ kind: file, path: points.csv, inputs: [x1, x3], label: y }");
        Assert.Contains("no column 'x3'", unknown.Problem);
        Assert.Contains("did you mean 'x1'?", unknown.Problem);
        Assert.Contains("holds text", Error("{ kind: file, path: points.csv, inputs: [x1, name], label: y }").Problem);
        dir.File("typo.csv", "x1,x2,y\n1,1,1\n2,oops,1\n");
        Assert.Contains("'oops' at typo.csv:3:3", Error("{ kind: file, path: typo.csv, inputs: [x1, x2], label: y }").Problem);
        Assert.Contains("both an input and the label", Error("{ kind: file, path: points.csv, inputs: [x1, y], label: y }").Problem);
        Assert.Contains("is required", Error("{ kind: file, path: points.csv, inputs: [x1, x2] }").Problem);
    }

    [Fact]
    public void A_logistic_loss_needs_a_label_column_of_plus_or_minus_one()
    {
        dir.File("points.csv", "x1,x2,y\n1,1,1\n-1,-1,0\n");
        var e = Error("{ kind: file, path: points.csv, inputs: [x1, x2], label: y }");
        Assert.Contains("±1", e.Problem + e.Fix);
    }
}
