using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>One figure spec to its SVG and PDF: its kind draws the plot from the results, the spec's style is applied, both are exported.</summary>
public static class FigureRenderer
{
    public static FigureFiles Render(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results) =>
        Export(Draw(figure, plan, results), figure, plan);

    /// <summary>The figure drawn and styled (`axes:`, `reference:`), not yet exported.</summary>
    public static PlotDrawing Draw(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var drawing = figure.Kind.Draw(figure, plan, results);
        FigureDecor.Apply(drawing, figure, plan);
        return drawing;
    }

    /// <summary>The drawing as SVG (ids prefixed with the spec's and the figure's names) and as PDF, at the spec's size.</summary>
    public static FigureFiles Export(PlotDrawing drawing, FigureSpec figure, TrialPlan plan) => new(
        SvgPlot.Svg(drawing, figure.Style.Width, figure.Style.Height, SvgText.IdPrefix(plan.Spec.Name, figure.Id)),
        SvgPlot.Pdf(drawing, figure.Style.Width, figure.Style.Height));
}
