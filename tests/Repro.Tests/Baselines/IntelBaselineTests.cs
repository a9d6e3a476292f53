using Repro.Core.Artifacts;
using Repro.Tests.Support;

namespace Repro.Tests.Baselines;

/// <summary>
/// Today's published results (computed on AMD EPYC) against the same specs computed by engine version 1 on an Intel
/// Xeon: every value that engine version 2 did not change on purpose must agree bit for bit, row by row (matched on
/// seed, sweep values, step and metric: the trial keys include the engine version). Engine 2 changed only what went
/// through libtorch's CPU-dependent sqrt and acos (Numerics/PortableMath.cs), engine 3 the logistic loss's softplus.
/// </summary>
public class IntelBaselineTests
{
    static readonly string Baseline = Repo.Path("tests", "Repro.Tests", "Baselines", "intel-xeon-sapphire-rapids");

    /// <summary>Metrics computed from a square root or an arccosine: engine 2 computes them correctly rounded.</summary>
    static readonly HashSet<string> Changed = new(StringComparer.Ordinal)
        { "weight_norm", "relative_weight_change", "sharpness", "sharpness_ratio", "angle_to_svm" };

    /// <summary>Whole specs whose training changed: float32 AdamW takes a square root every step.</summary>
    static readonly HashSet<string> Retrained = new(StringComparer.Ordinal) { "grokking" };

    /// <summary>
    /// Specs that now record more often than when the baseline was computed (diagonal-nets: every 10 steps, not 250):
    /// the baseline's steps are a subset of today's, so each of its rows must still be there with the same bits.
    /// </summary>
    static readonly HashSet<string> Resampled = new(StringComparer.Ordinal) { "diagonal-nets" };

    /// <summary>Trials on the logistic loss: engine 3 computes its softplus the same wherever a point sits in a batch.</summary>
    const string Logistic = "loss_kind=logistic";

    static bool OnLogistic(string key) => key.Split(' ').Contains(Logistic);

    public static TheoryData<string> Specs() => new(Directory.GetDirectories(Baseline).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Specs))]
    public void Every_value_engine_2_did_not_change_on_purpose_equals_the_Intel_baseline_bit_for_bit(string spec)
    {
        var problems = new List<string>();
        int compared = 0;
        foreach (var file in new[] { "metrics.parquet", "summary.parquet", "references.parquet" })
        {
            string baselinePath = Path.Combine(Baseline, spec, file);
            if (!File.Exists(baselinePath)) continue;
            var (baseline, _) = ParquetTable.Read(File.ReadAllBytes(baselinePath));
            var (published, _) = ParquetTable.Read(File.ReadAllBytes(Repo.Path("results", spec, file)));
            var rows = Rows(published);
            if (Resampled.Contains(spec) && file == "metrics.parquet") Assert.True(published.RowCount > baseline.RowCount, $"{spec}/{file}: {published.RowCount} rows, not more than the baseline's {baseline.RowCount}");
            else Assert.Equal(baseline.RowCount, published.RowCount);
            foreach (var (key, values) in Rows(baseline))
            {
                if (!rows.TryGetValue(key, out var now))
                {
                    problems.Add($"{file}: row {key} is no longer published");
                    continue;
                }
                foreach (var (column, value) in values)
                {
                    if (!Kept(spec, file, key, column)) continue;
                    compared++;
                    if (!SameBits(value, now[column])) problems.Add($"{file} {key} {column}: Intel {Text(value)}, published {Text(now[column])}");
                }
            }
        }
        Assert.True(problems.Count == 0, $"{spec}: {problems.Count} values differ from the Intel baseline:\n  " + string.Join("\n  ", problems.Take(20)));
        if (!Retrained.Contains(spec)) Assert.True(compared > 0, $"{spec}: nothing was compared");
    }

    [Fact]
    public void Each_quantity_left_out_of_the_comparison_really_changed()
    {
        // Otherwise the list above would hide values that should still agree.
        var differing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in Directory.GetDirectories(Baseline).Select(Path.GetFileName))
        {
            var (baseline, _) = ParquetTable.Read(File.ReadAllBytes(Path.Combine(Baseline, spec!, "metrics.parquet")));
            var rows = Rows(ParquetTable.Read(File.ReadAllBytes(Repo.Path("results", spec!, "metrics.parquet"))).Table);
            foreach (var (key, values) in Rows(baseline))
                if (rows.TryGetValue(key, out var now) && !SameBits(values["value"], now["value"]))
                    differing.Add(Retrained.Contains(spec!) ? spec! : OnLogistic(key) ? Logistic : (string)values["metric"]!);
        }
        foreach (var name in Changed.Concat(Retrained).Append(Logistic)) Assert.Contains(name, differing);
    }

    // A row's identity: every column but the trial key (which includes the engine version) and the values.
    static readonly HashSet<string> NotKey = new(StringComparer.Ordinal) { "trial", "value" };

    static Dictionary<string, Dictionary<string, object?>> Rows(Table table)
    {
        var keyColumns = table.Columns.Where(c => !NotKey.Contains(c.Name) && (c.Type != ColumnType.Double || IsSweep(table, c.Name))).ToList();
        var rows = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        for (int i = 0; i < table.RowCount; i++)
        {
            string key = string.Join(" ", keyColumns.Select(c => $"{c.Name}={Text(c.Values[i])}"));
            rows.Add(key, table.Columns.Where(c => c.Name != "trial").ToDictionary(c => c.Name, c => c.Values[i], StringComparer.Ordinal));
        }
        return rows;
    }

    // Swept values are double columns too; they sit before `step` (metrics), `steps_completed` (summary) or `reference`.
    static bool IsSweep(Table table, string name)
    {
        var names = table.Columns.Select(c => c.Name).ToList();
        int end = names.FindIndex(n => n is "step" or "steps_completed" or "reference");
        return names.IndexOf(name) < end;
    }

    static bool Kept(string spec, string file, string key, string column)
    {
        if (Retrained.Contains(spec) || OnLogistic(key)) return false;
        return file switch
        {
            "metrics.parquet" => column != "value" || !Changed.Contains(key.Split(' ').First(p => p.StartsWith("metric=", StringComparison.Ordinal))[7..]),
            "summary.parquet" => !Changed.Contains(column),
            _ => true,
        };
    }

    static bool SameBits(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => double.IsNaN(x) ? double.IsNaN(y) : BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        _ => Equals(a, b),
    };

    static string Text(object? v) => v switch
    {
        null => "null",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
