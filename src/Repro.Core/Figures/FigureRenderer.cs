using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>One figure spec to SVG bytes: its kind picks the builder (results → plot record) and the renderer.</summary>
public static class FigureRenderer
{
    public static byte[] Render(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results) => figure.Kind switch
    {
        FigureKind.Line => SvgLinePlot.Render(FigureBuilder.Build(figure, plan, results)),
        FigureKind.Scatter => SvgScatterPlot.Render(ScatterBuilder.Build(figure, plan, results)),
        FigureKind.Bar => SvgBarPlot.Render(BarBuilder.Build(figure, plan, results)),
        _ => throw new ArgumentOutOfRangeException(nameof(figure), figure.Kind, "unknown figure kind"),
    };
}
