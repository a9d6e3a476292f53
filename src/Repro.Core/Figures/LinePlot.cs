namespace Repro.Core.Figures;

public enum AxisScale { Linear, Log }

/// <summary>
/// One line of a plot: the median over seeds at each x, and the band from the lowest to the highest seed.
/// All four lists have the same length; x is increasing.
/// </summary>
public sealed record LineSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Median,
    IReadOnlyList<double> Low, IReadOnlyList<double> High);

/// <summary>What a line figure shows; rendering it is a pure function of this record.</summary>
public sealed record LinePlot(string Title, string XLabel, string YLabel, AxisScale XScale, AxisScale YScale,
    IReadOnlyList<LineSeries> Series)
{
    /// <summary>Whether a band is drawn around each line (`band: none` draws none).</summary>
    public bool Bands { get; init; } = true;
}
