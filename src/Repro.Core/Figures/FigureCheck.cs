using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>
/// What a figure kind checks: the figure's bound x, y, scales and series, and where to report a problem (at the
/// offending YAML node, or at the figure when the key is left out). Made by the figure binder.
/// </summary>
public sealed class FigureCheck
{
    readonly Func<IReadOnlyList<string>> nonNumericX;
    readonly Action<string, string> atX, atY, atXScale, atYScale;

    internal FigureCheck(FigureX xKind, string x, bool xGiven, bool yGiven, AxisScale xScale, AxisScale yScale, string? series,
        IReadOnlyList<string> metrics, Func<IReadOnlyList<string>> nonNumericX,
        Action<string, string> atX, Action<string, string> atY, Action<string, string> atXScale, Action<string, string> atYScale)
    {
        (XKind, X, XGiven, YGiven, XScale, YScale, Series, Metrics) = (xKind, x, xGiven, yGiven, xScale, yScale, series, metrics);
        (this.nonNumericX, this.atX, this.atY, this.atXScale, this.atYScale) = (nonNumericX, atX, atY, atXScale, atYScale);
    }

    /// <summary>What x is: step (the default), a recorded metric, or a swept path.</summary>
    public FigureX XKind { get; }

    public string X { get; }

    /// <summary>Whether the spec writes `x:` (else x is `step`).</summary>
    public bool XGiven { get; }

    public bool YGiven { get; }

    public AxisScale XScale { get; }

    public AxisScale YScale { get; }

    public string? Series { get; }

    /// <summary>The metrics the spec records.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>The values of x, a swept path, that are not numbers.</summary>
    public IReadOnlyList<string> NonNumericX() => XKind == FigureX.Path ? nonNumericX() : [];

    public void ErrorAtX(string problem, string fix) => atX(problem, fix);

    public void ErrorAtY(string problem, string fix) => atY(problem, fix);

    public void ErrorAtXScale(string problem, string fix) => atXScale(problem, fix);

    public void ErrorAtYScale(string problem, string fix) => atYScale(problem, fix);
}
