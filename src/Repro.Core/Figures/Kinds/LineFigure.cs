using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures.Kinds;

/// <summary>`kind: line` (the default) — lines of medians over the trials they gather, with a min–max (or interquartile, or no) band.</summary>
public sealed record LineFigure : FigureKind
{
    public override string Name => "line";

    public override string Doc => "each line is the median over the trials it gathers (the seeds), with a band from their minimum to their maximum (`band:` iqr or none for others)";

    public override string XDoc => "`step` (curves over training), a recorded metric (one metric against another along training), or a numeric swept path (final values against the sweep)";

    public override void Check(FigureCheck figure)
    {
        if (figure.NonNumericX() is { Count: > 0 } words)
            figure.ErrorAtX($"x = {figure.X} of a line figure has values that are not numbers ({string.Join(", ", words)})",
                "use `kind: bar` to compare the values of a non-numeric path, or a numeric path as x");
    }

    public override PlotDrawing Draw(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results) =>
        SvgLinePlot.Draw(FigureBuilder.Build(figure, plan, results));
}
