using System.Text.Json.Nodes;
using Repro.Core.Plan;
using Repro.Core.Results;

namespace Repro.Core.Artifacts;

/// <summary>
/// The published tables. Every row carries the trial key, the seed and each swept value as its own
/// column, so files from different shards or runs concatenate and filter without a join.
/// </summary>
public static class ResultTables
{
    /// <summary>Long format: one row per trial, recorded step and metric.</summary>
    public static Table Metrics(TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        var rows = plan.Trials.SelectMany(t => byKey[t.Key].Points.Select(p => (Trial: t, Point: p))).ToList();
        return new Table(
        [
            .. TrialColumns(plan, rows.Select(r => r.Trial).ToList()),
            .. PointColumns(rows.Select(r => r.Point).ToList()),
        ]);
    }

    /// <summary>One row per trial: how far it got, whether it diverged, and each metric's final value (recorded, then derived).</summary>
    public static Table Summary(TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        var trials = plan.Trials;
        var outcome = trials.Select(t => byKey[t.Key]).ToList();
        var metricColumns = plan.Spec.Published.Select(m => new Column(m, ColumnType.Double,
            [.. outcome.Select(r => (object?)(r.Series(m).Select(p => p.Value).DefaultIfEmpty(double.NaN).Last()))]));
        return new Table(
        [
            .. TrialColumns(plan, trials),
            new Column("steps_completed", ColumnType.Int64, [.. outcome.Select(r => (object?)r.StepsCompleted)]),
            new Column("diverged", ColumnType.Boolean, [.. outcome.Select(r => (object?)r.Diverged)]),
            new Column("diverged_at_step", ColumnType.Int64, [.. outcome.Select(r => (object?)r.DivergedAtStep)]),
            .. metricColumns,
        ]);
    }

    /// <summary>
    /// The reference solutions the metrics compared against, per trial: one row per coefficient
    /// (`quantity` = coefficient, `coordinate` set) and one per named scalar (margins, certificate residuals).
    /// </summary>
    public static Table References(TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        var rows = plan.Trials.SelectMany(t => (byKey[t.Key].References ?? []).Select(r => (Trial: t, Row: r))).ToList();
        return new Table(
        [
            .. TrialColumns(plan, rows.Select(r => r.Trial).ToList()),
            .. ReferenceColumns(rows.Select(r => r.Row).ToList()),
        ]);
    }

    /// <summary>The columns of recorded points: step, metric, value (the trial cache stores them without trial columns).</summary>
    public static IEnumerable<Column> PointColumns(IReadOnlyList<MetricPoint> points) =>
    [
        new Column("step", ColumnType.Int64, [.. points.Select(p => (object?)p.Step)]),
        new Column("metric", ColumnType.String, [.. points.Select(p => (object?)p.Metric)]),
        new Column("value", ColumnType.Double, [.. points.Select(p => (object?)p.Value)]),
    ];

    /// <summary>The columns of reference values: reference, quantity, coordinate, value.</summary>
    public static IEnumerable<Column> ReferenceColumns(IReadOnlyList<ReferenceValue> references) =>
    [
        new Column("reference", ColumnType.String, [.. references.Select(r => (object?)r.Reference)]),
        new Column("quantity", ColumnType.String, [.. references.Select(r => (object?)r.Quantity)]),
        new Column("coordinate", ColumnType.Int64, [.. references.Select(r => (object?)r.Coordinate)]),
        new Column("value", ColumnType.Double, [.. references.Select(r => (object?)r.Value)]),
    ];

    /// <summary>One row of a table with <see cref="PointColumns"/>, read back.</summary>
    public static MetricPoint PointAt(Table table, int row) =>
        new((long)table["step"].Values[row]!, (string)table["metric"].Values[row]!, (double)table["value"].Values[row]!);

    /// <summary>One row of a table with <see cref="ReferenceColumns"/>, read back.</summary>
    public static ReferenceValue ReferenceAt(Table table, int row) =>
        new((string)table["reference"].Values[row]!, (string)table["quantity"].Values[row]!, (long?)table["coordinate"].Values[row], (double)table["value"].Values[row]!);

    static IEnumerable<Column> TrialColumns(TrialPlan plan, IReadOnlyList<Trial> rows)
    {
        yield return new Column("trial", ColumnType.String, [.. rows.Select(t => (object?)t.Key)]);
        yield return new Column("seed", ColumnType.Int64, [.. rows.Select(t => (object?)t.Seed)]);
        foreach (var sweep in plan.SweepColumns)
        {
            var values = rows.Select(t => t.Value(sweep.Path)).ToList();
            var type = TypeOf(plan.Trials.Select(t => t.Value(sweep.Path)));
            yield return new Column(sweep.Column, type, [.. values.Select(v => Convert(v, type))]);
        }
    }

    static ColumnType TypeOf(IEnumerable<JsonNode?> values)
    {
        var kinds = values.OfType<JsonValue>().Select(v => v.GetValueKind()).Distinct().ToList();
        if (kinds.Count == 0) return ColumnType.String;
        if (kinds.All(k => k is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)) return ColumnType.Boolean;
        if (kinds.All(k => k == System.Text.Json.JsonValueKind.Number))
            return values.OfType<JsonValue>().All(v => v.TryGetValue<long>(out _)) ? ColumnType.Int64 : ColumnType.Double;
        return ColumnType.String;
    }

    static object? Convert(JsonNode? value, ColumnType type) => value switch
    {
        null => null,
        JsonValue v when type == ColumnType.Int64 => v.GetValue<long>(),
        JsonValue v when type == ColumnType.Double => v.TryGetValue<long>(out long l) ? l : v.GetValue<double>(),
        JsonValue v when type == ColumnType.Boolean => v.GetValue<bool>(),
        _ => Spec.Canonical.Text(value),
    };
}
