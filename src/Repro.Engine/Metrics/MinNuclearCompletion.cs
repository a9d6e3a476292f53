using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Repro.Core.Catalog;
using Repro.Engine.References;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

// The minimum-nuclear-norm completion X* of the observed entries (the trial's training set) and the metrics
// that compare the model's matrix W with it.

public sealed class DistToMinNuclear : IMetric
{
    public static readonly KindInfo Kind = new("dist_to_min_nuclear",
        "‖W − X*‖_F/‖X*‖_F, X* the minimum-nuclear-norm completion of the observed entries (a semidefinite program solved by an interior-point method, certified by its duality gap)", [])
    {
        Needs = MinNuclearCompletion.Needs,
        References = [MinNuclearCompletion.Info],
    };

    public Tensor Compute(MetricContext c) => Relative.Distance(c.Coefficients(), MinNuclearCompletion.Of(c).Coefficients);
}

public sealed class NuclearNormGap : IMetric
{
    public static readonly KindInfo Kind = new("nuclear_norm_gap",
        "(‖W‖_* − ‖X*‖_*)/‖X*‖_*: relative excess of the nuclear norm over the minimum-nuclear-norm completion's (≥ 0 up to the training error once W fits the observations)", [])
    {
        Needs = MinNuclearCompletion.Needs,
        References = [MinNuclearCompletion.Info],
    };

    public Tensor Compute(MetricContext c)
    {
        double optimum = MinNuclearCompletion.Of(c).Scalars["objective"];
        return EndToEnd.SingularValues(c).sum(1).Minus(optimum).Over(optimum);
    }
}

/// <summary>How well the reference itself completes the matrix: the loss of X* on the test set (the unobserved entries).</summary>
public sealed class MinNuclearTestLoss : IMetric
{
    public static readonly KindInfo Kind = new("min_nuclear_test_loss",
        "test loss of the minimum-nuclear-norm completion X* (its error on the unobserved entries for `matrix-completion` data)", [])
    {
        Needs = MinNuclearCompletion.Needs,
        References = [MinNuclearCompletion.Info],
    };

    public Tensor Compute(MetricContext c)
    {
        var x = c.VectorModel.Design(c.Data.XTest).to(ScalarType.Float64);
        var prediction = x.bmm(MinNuclearCompletion.Of(c).Coefficients.unsqueeze(-1)).squeeze(-1);
        return c.Loss.Compute(prediction, c.Data.YTest.to(ScalarType.Float64));
    }
}

/// <summary>The reference `min_nuclear_completion`: coefficients vec(X*) row-major, certificate scalars from the solver.</summary>
/// <remarks>
/// The solution depends only on the observed entries, which every trial of one seed shares (sweeping the model
/// or init never changes the data), and one solve costs O(m³) per interior-point iteration. So solutions are
/// kept in a small process-wide memo keyed by the SHA-256 of the problem: a repeat is the same answer, bit for
/// bit, without the solve. Each trial still publishes its own copy with the results.
/// </remarks>
public static class MinNuclearCompletion
{
    public const string Name = "min_nuclear_completion";

    /// <summary>What the reference publishes; the metrics that solve for it declare it.</summary>
    public static readonly ReferenceInfo Info = new(Name, NuclearNormCompletion.ScalarNames);

    /// <summary>A matrix model on (row, column) entries: sensing data has its own reference (min_nuclear_sensing).</summary>
    public static readonly IReadOnlyList<Need> Needs =
        [Need.Model(Traits.Matrix), Need.Data(Traits.MatrixEntries, "the completion reference reads observed entries; for measurements use the *_min_nuclear_sensing metrics")];

    const int Remembered = 64;
    static readonly ConcurrentDictionary<string, Lazy<ReferenceSolution>> Solved = new(StringComparer.Ordinal);

    public static Reference Of(MetricContext c) =>
        c.Solve(Info, ctx =>
        {
            var model = EndToEnd.Model(ctx);
            // Trials are K = 1 today; the solver works on one matrix.
            var pairs = ctx.Data.XTrain[0].to(ScalarType.Float64);
            var flat = pairs.select(1, 0).Times(model.Cols).Plus(pairs.select(1, 1)).to(ScalarType.Int64).cpu().data<long>().ToArray();
            var values = ctx.Data.YTrain[0].to(ScalarType.Float64).cpu().data<double>().ToArray();
            int rows = checked((int)model.Rows), cols = checked((int)model.Cols);
            var solution = Solve(rows, cols, flat, values);
            return new Reference(tensor(solution.Coefficients, dtype: ScalarType.Float64).unsqueeze(0).to(ctx.Data.XTrain.device), solution.Scalars);
        });

    static ReferenceSolution Solve(int rows, int cols, long[] flat, double[] values)
    {
        var bytes = new byte[8 + flat.Length * 16];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, rows);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), cols);
        MemoryMarshal.AsBytes(flat.AsSpan()).CopyTo(bytes.AsSpan(8));
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(bytes.AsSpan(8 + flat.Length * 8));
        string key = Convert.ToHexString(SHA256.HashData(bytes));
        if (Solved.Count >= Remembered) Solved.Clear();
        return Solved.GetOrAdd(key, _ => new Lazy<ReferenceSolution>(() => NuclearNormCompletion.Solve(rows, cols, flat, values))).Value;
    }
}
