namespace Repro.Core.Results;

/// <summary>One recorded value: a metric of one trial at one step (step 0 is the initialization).</summary>
public readonly record struct MetricPoint(long Step, string Metric, double Value);

/// <summary>
/// One number of a reference solution: a coefficient (<see cref="Coordinate"/> set) or a named scalar such
/// as a margin or a certificate residual (<see cref="Quantity"/> names it, no coordinate).
/// </summary>
public readonly record struct ReferenceValue(string Reference, string Quantity, long? Coordinate, double Value);

/// <summary>
/// One parameter tensor of a trial's model at the end of training, without the trial dimension: <see cref="Values"/> in
/// row-major order of <see cref="Shape"/>, widened to double (exactly, from float32).
/// </summary>
public sealed record ParameterTensor(string Name, IReadOnlyList<long> Shape, IReadOnlyList<double> Values);

/// <summary>
/// What training one trial produced. A trial whose loss became NaN or infinite stops there and is
/// recorded with <see cref="DivergedAtStep"/> set; it is a result, not a crash.
/// </summary>
public sealed record TrialResult(string Key, IReadOnlyList<MetricPoint> Points, long StepsCompleted, long? DivergedAtStep,
    IReadOnlyList<ReferenceValue>? References = null)
{
    /// <summary>The final parameters (at <see cref="StepsCompleted"/>), or null where they were not kept (a cache entry older than them).</summary>
    public IReadOnlyList<ParameterTensor>? Weights { get; init; }

    public bool Diverged => DivergedAtStep is not null;

    /// <summary>The recorded values of one metric, in step order.</summary>
    public IEnumerable<MetricPoint> Series(string metric) => Points.Where(p => p.Metric == metric);
}
