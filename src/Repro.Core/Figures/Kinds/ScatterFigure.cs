using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures.Kinds;

/// <summary>`kind: scatter` — one marker per trial at its final x and y; nothing aggregated.</summary>
public sealed record ScatterFigure : FigureKind
{
    public override string Name => "scatter";

    public override string Doc => "one marker per trial, nothing aggregated: its final x against its final y; `series` colours (and shapes) the markers";

    public override string XDoc => "a recorded metric or a numeric swept path (required)";

    // A scatter plots each trial's final values, so x is a recorded metric or a numeric swept path.
    public override void Check(FigureCheck figure)
    {
        if (figure.XKind == FigureX.Step)
            figure.ErrorAtX(figure.XGiven
                    ? "x = step does not fit a scatter figure, which plots final values, one marker per trial"
                    : "a scatter figure needs `x:`: it plots final values, one marker per trial, not curves over steps",
                "set `x:` to a recorded metric or a numeric swept path (e.g. `x: init.value`), or use `kind: line` for curves over training");
        else if (figure.NonNumericX() is { Count: > 0 } words)
            figure.ErrorAtX($"x = {figure.X} of a scatter figure has values that are not numbers ({string.Join(", ", words)})",
                "use `kind: bar` to compare the values of a non-numeric path, or a numeric path as x");
    }

    public override PlotDrawing Draw(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results) =>
        SvgScatterPlot.Draw(ScatterBuilder.Build(figure, plan, results));
}
