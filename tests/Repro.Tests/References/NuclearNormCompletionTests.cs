using System.Diagnostics;
using Repro.Engine.References;
using Repro.Engine.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Repro.Tests.References;

public class NuclearNormCompletionTests(ITestOutputHelper output)
{
    /// <summary>A rows × cols matrix of the given rank from TorchSharp's generator, row-major.</summary>
    static double[] LowRank(int rows, int cols, int rank, ulong seed)
    {
        TorchRuntime.Start();
        using var g = new Generator(seed);
        var m = randn([rows, rank], dtype: ScalarType.Float64, generator: g).matmul(randn([rank, cols], dtype: ScalarType.Float64, generator: g));
        return m.flatten().data<double>().ToArray();
    }

    static long[] Observed(int total, int count, ulong seed)
    {
        using var g = new Generator(seed);
        return randperm(total, generator: g, dtype: ScalarType.Int64).narrow(0, 0, count).sort().Values.data<long>().ToArray();
    }

    static double Nuclear(double[] flat, int rows, int cols) =>
        linalg.svdvals(tensor(flat, [rows, cols], ScalarType.Float64)).sum().item<double>();

    static double MaxAbsDiff(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();

    ReferenceSolution Solve(int rows, int cols, long[] entries, double[] values, double tolerance = NuclearNormCompletion.DefaultTolerance)
    {
        var clock = Stopwatch.StartNew();
        var solution = NuclearNormCompletion.Solve(rows, cols, entries, values, tolerance);
        output.WriteLine($"{rows}×{cols}, {entries.Length} observed: {clock.Elapsed.TotalMilliseconds:F0} ms, "
            + string.Join(", ", solution.Scalars.Select(s => $"{s.Key} = {s.Value:G4}")));
        return solution;
    }

    static void Certified(ReferenceSolution s, double tolerance = NuclearNormCompletion.DefaultTolerance)
    {
        Assert.True(s.Scalars["duality_gap"] <= tolerance, $"duality gap {s.Scalars["duality_gap"]}");
        Assert.True(s.Scalars["duality_gap"] >= -1e-12, $"a negative gap {s.Scalars["duality_gap"]} means a certificate bug");
        Assert.True(s.Scalars["primal_residual"] <= 1e-12, $"primal residual {s.Scalars["primal_residual"]}");
    }

    [Fact]
    public void A_fully_observed_matrix_completes_to_itself()
    {
        var m = LowRank(6, 5, 3, 1);
        var s = Solve(6, 5, [.. Enumerable.Range(0, 30).Select(i => (long)i)], m);
        Certified(s);
        Assert.True(MaxAbsDiff(m, s.Coefficients) < 1e-12);
        Assert.Equal(Nuclear(m, 6, 5), s.Scalars["objective"], 12);
    }

    [Fact]
    public void The_missing_corner_of_a_rank_one_block_is_filled_in_rank_one()
    {
        // ‖[[1, 1], [1, x]]‖_*² = ‖·‖_F² + 2|det| = 3 + x² + 2|x − 1|, smallest at x = 1 where it is 4.
        var s = Solve(2, 2, [0, 1, 2], [1, 1, 1], 1e-10);
        Certified(s, 1e-10);
        // The objective is flat to second order on the left of x = 1, so x is only known to about √gap.
        Assert.Equal(1.0, s.Coefficients[3], 4);
        Assert.Equal(2.0, s.Scalars["objective"], 8);
    }

    [Fact]
    public void A_non_unique_minimum_still_has_a_certified_value()
    {
        // [[1, p], [q, 1]]: ‖·‖_*² = 2 + p² + q² + 2|1 − pq|, which is 4 for every p = q in [−1, 1].
        var s = Solve(2, 2, [0, 3], [1, 1], 1e-10);
        Certified(s, 1e-10);
        Assert.Equal(2.0, s.Scalars["objective"], 8);
        Assert.Equal(s.Coefficients[1], s.Coefficients[2], 6);
        Assert.InRange(s.Coefficients[1], -1 - 1e-8, 1 + 1e-8);
    }

    [Theory]
    [InlineData(10, 10, 2, 50)]
    [InlineData(10, 10, 2, 60)]
    [InlineData(30, 30, 2, 450)]
    [InlineData(30, 20, 3, 400)]
    public void The_dual_bound_is_below_the_nuclear_norm_of_every_completion(int rows, int cols, int rank, int count)
    {
        // Weak duality: ⟨Y, B⟩ for a dual-feasible Y bounds every feasible completion from below, the truth
        // included. A wrong certificate (a Y off Ω, or not scaled into the unit ball) would break it.
        var m = LowRank(rows, cols, rank, 7);
        var entries = Observed(rows * cols, count, 8);
        var s = Solve(rows, cols, entries, [.. entries.Select(e => m[e])]);
        Certified(s);
        double truth = Nuclear(m, rows, cols);
        Assert.True(s.Scalars["dual_bound"] <= truth * (1 + 1e-12), $"dual bound {s.Scalars["dual_bound"]} > ‖M‖_* = {truth}");
        Assert.True(s.Scalars["dual_bound"] <= s.Scalars["objective"] * (1 + 1e-12));
        output.WriteLine($"max |W − M| = {MaxAbsDiff(m, s.Coefficients):G3}, ‖M‖_* = {truth:G10}");
    }

    [Theory]
    [InlineData(30, 30, 2, 450)]
    [InlineData(30, 20, 3, 400)]
    public void A_well_sampled_low_rank_matrix_is_its_own_min_nuclear_completion(int rows, int cols, int rank, int count)
    {
        // Far above the ~r(rows + cols − r) degrees of freedom, nuclear-norm minimization recovers M exactly
        // (Candès and Recht 2009); with 50 of 100 entries of a 10×10 rank-2 matrix it does not (the test above).
        var m = LowRank(rows, cols, rank, 7);
        var entries = Observed(rows * cols, count, 8);
        var s = Solve(rows, cols, entries, [.. entries.Select(e => m[e])]);
        Assert.True(MaxAbsDiff(m, s.Coefficients) < 1e-4, $"max |W − M| = {MaxAbsDiff(m, s.Coefficients)}");
        Assert.Equal(rank, s.Scalars["rank"]);
        Assert.True(Math.Abs(s.Scalars["objective"] / Nuclear(m, rows, cols) - 1) < 1e-6);
    }

    [Fact]
    public void Scaling_the_observations_scales_the_completion()
    {
        var m = LowRank(12, 12, 1, 3);
        var entries = Observed(144, 100, 4);
        var one = Solve(12, 12, entries, [.. entries.Select(e => m[e])]);
        var big = Solve(12, 12, entries, [.. entries.Select(e => 1000 * m[e])]);
        Assert.True(Math.Abs(big.Scalars["objective"] / 1000 - one.Scalars["objective"]) < 1e-6 * one.Scalars["objective"]);
        Assert.True(MaxAbsDiff(one.Coefficients, big.Coefficients.Select(v => v / 1000).ToArray()) < 1e-4 * one.Coefficients.Max(Math.Abs));
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NuclearNormCompletion.Solve(2, 2, [0, 0], [1, 1]));
        Assert.Throws<ArgumentException>(() => NuclearNormCompletion.Solve(2, 2, [4], [1]));
        Assert.Throws<ArgumentException>(() => NuclearNormCompletion.Solve(2, 2, [0], [double.NaN]));
        Assert.Throws<ArgumentException>(() => NuclearNormCompletion.Solve(2, 2, [], []));
    }
}
