namespace Repro.Core.Figures;

/// <summary>
/// One bar: the median over the trials of one (category, group) cell of their final values, and the lowest and
/// highest of them. All three are NaN when a trial of the cell has no finite final value (it diverged, or the metric is
/// undefined there, such as a step count that was never reached): the renderer then marks the cell "n/a".
/// </summary>
public sealed record Bar(int Category, int Group, double Median, double Low, double High, int Trials);

/// <summary>
/// What a grouped bar figure shows: <see cref="Categories"/> along x (the values of a swept path), one bar per
/// group (<see cref="Groups"/>: the series values, or the y metrics) in each, at most one per cell. Pure data.
/// </summary>
public sealed record BarPlot(string Title, string XLabel, string YLabel, AxisScale YScale,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Groups, IReadOnlyList<Bar> Bars);
