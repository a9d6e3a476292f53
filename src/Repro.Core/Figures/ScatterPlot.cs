namespace Repro.Core.Figures;

/// <summary>One trial's marker: its final x and y (NaN where it has none, e.g. a diverged trial; such a marker is not drawn).</summary>
public sealed record ScatterPoint(double X, double Y);

/// <summary>The markers of one colour: one per trial, for one y metric and value of the series path.</summary>
public sealed record ScatterGroup(string Label, IReadOnlyList<ScatterPoint> Points);

/// <summary>What a scatter figure shows; rendering it is a pure function of this record.</summary>
public sealed record ScatterPlot(string Title, string XLabel, string YLabel, AxisScale XScale, AxisScale YScale,
    IReadOnlyList<ScatterGroup> Groups);
