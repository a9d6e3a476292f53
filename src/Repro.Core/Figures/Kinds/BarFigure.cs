using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures.Kinds;

/// <summary>`kind: bar` — grouped bars of the median final value over seeds, with min–max whiskers.</summary>
public sealed record BarFigure : FigureKind
{
    public override string Name => "bar";

    public override string Doc => "grouped bars: per value of x, one bar per value of `series` (or per metric when `y` is a list), the median final value over the seeds, whiskers from their minimum to their maximum";

    public override string XDoc => "a swept path, numeric or not (required): its values are the categories";

    // The categories are the values of a swept path, so x is that path, on a linear axis.
    public override void Check(FigureCheck figure)
    {
        if (figure.XKind != FigureX.Path)
            figure.ErrorAtX(figure.XGiven
                    ? $"a bar figure needs a swept path as x (its values are the categories), got {(figure.XKind == FigureX.Metric ? "the metric " : "")}{figure.X}"
                    : "a bar figure needs `x:`, a swept path whose values are the categories",
                "set e.g. `x: optimizer.kind`; for one metric against another use `kind: scatter`, for curves over training `kind: line`");
        else if (figure.XScale == AxisScale.Log)
            figure.ErrorAtXScale("scale x: log does not apply to a bar figure, whose x axis holds categories",
                "remove `x: log` from `scale:` (a log y axis is allowed: `scale: { y: log }`)");
    }

    public override PlotDrawing Draw(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results) =>
        SvgBarPlot.Draw(BarBuilder.Build(figure, plan, results));
}
