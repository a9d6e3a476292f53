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
    /// One row per trial with every leaf of its resolved config as a typed column (`optimizer.lr` becomes `optimizer_lr`),
    /// swept or not: joined with the other tables on `trial`, it gives every hyperparameter of every result without the
    /// spec. A leaf that some trials lack (another component kind) is null there; a list is its canonical JSON text.
    /// </summary>
    public static Table Trials(TrialPlan plan)
    {
        var trials = plan.Trials;
        var paths = trials.SelectMany(t => Spec.Canonical.Leaves(t.Canonical)).Select(l => l.Path)
            .Where(path => path != "seed").Distinct().ToList();
        var columns = new List<Column>
        {
            new("trial", ColumnType.String, [.. trials.Select(t => (object?)t.Key)]),
            new("seed", ColumnType.Int64, [.. trials.Select(t => (object?)t.Seed)]),
        };
        foreach (var path in paths)
        {
            var values = trials.Select(t => t.Value(path)).ToList();
            var type = TypeOf(values);
            columns.Add(new Column(path.Replace('.', '_'), type, [.. values.Select(v => Convert(v, type))]));
        }
        return new Table(columns);
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

    /// <summary>
    /// `artifacts: [weights]`: every trial's final parameters, one row per entry (tensor, its shape, flat row-major index,
    /// value), trials in plan order and tensors in the model's order.
    /// </summary>
    public static Table Weights(TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key);
        var rows = plan.Trials.SelectMany(t => Entries(byKey[t.Key].Weights ?? throw new InvalidOperationException($"trial {t.Key[..12]} has no weights"))
            .Select(e => (Trial: t, Entry: e))).ToList();
        return new Table(
        [
            .. TrialColumns(plan, rows.Select(r => r.Trial).ToList()),
            .. WeightColumns(rows.Select(r => r.Entry).ToList()),
        ]);
    }

    /// <summary>The columns of parameter entries: tensor, shape (sizes joined by `x`, empty for a scalar), index, value.</summary>
    public static IEnumerable<Column> WeightColumns(IReadOnlyList<(ParameterTensor Tensor, int Index)> entries) =>
    [
        new Column("tensor", ColumnType.String, [.. entries.Select(e => (object?)e.Tensor.Name)]),
        new Column("shape", ColumnType.String, [.. entries.Select(e => (object?)ShapeText(e.Tensor.Shape))]),
        new Column("index", ColumnType.Int64, [.. entries.Select(e => (object?)(long)e.Index)]),
        new Column("value", ColumnType.Double, [.. entries.Select(e => (object?)e.Tensor.Values[e.Index])]),
    ];

    /// <summary>The entries of every tensor in <paramref name="tensors"/>, in order, as <see cref="WeightColumns"/> rows.</summary>
    public static IReadOnlyList<(ParameterTensor Tensor, int Index)> Entries(IReadOnlyList<ParameterTensor> tensors) =>
        [.. tensors.SelectMany(w => w.Values.Select((_, i) => (w, i)))];

    /// <summary>
    /// Tensors read back from rows <paramref name="rows"/> of a table with <see cref="WeightColumns"/>: each tensor's rows
    /// must be consecutive, indexed 0, 1, … and as many as its shape holds (throws <see cref="InvalidDataException"/>).
    /// </summary>
    public static List<ParameterTensor> WeightsAt(Table table, IEnumerable<int> rows)
    {
        var tensors = new List<ParameterTensor>();
        string? name = null, shape = null;
        var values = new List<double>();
        void Close()
        {
            if (name is null) return;
            var sizes = ParseShape(shape!);
            long count = sizes.Aggregate(1L, (a, b) => checked(a * b));
            if (count != values.Count) throw new InvalidDataException($"tensor '{name}' of shape {shape} has {values.Count} values, not {count}");
            if (tensors.Any(t => t.Name == name)) throw new InvalidDataException($"tensor '{name}' appears twice");
            tensors.Add(new ParameterTensor(name, sizes, [.. values]));
        }
        foreach (int row in rows)
        {
            string tensor = (string)table["tensor"].Values[row]!;
            if (tensor != name)
            {
                Close();
                (name, shape) = (tensor, (string)table["shape"].Values[row]!);
                values.Clear();
            }
            if ((long?)table["index"].Values[row] != values.Count) throw new InvalidDataException($"tensor '{tensor}': entry {values.Count} is indexed {table["index"].Values[row]}");
            values.Add((double)table["value"].Values[row]!);
        }
        Close();
        return tensors;
    }

    static string ShapeText(IReadOnlyList<long> shape) => string.Join("x", shape.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    static long[] ParseShape(string text) => text.Length == 0 ? [] : [.. text.Split('x').Select(part =>
        long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n) ? n
        : throw new InvalidDataException($"'{text}' is not a shape"))];

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
