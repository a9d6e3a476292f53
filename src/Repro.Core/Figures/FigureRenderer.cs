using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>One figure spec to its SVG and PDF: its kind draws the plot from the results, the spec's style is applied, both are exported.</summary>
public static class FigureRenderer
{
    public static FigureFiles Render(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results)
    {
        var drawing = figure.Kind.Draw(figure, plan, results);
        FigureDecor.Apply(drawing, figure, plan);
        var style = figure.Style;
        return new FigureFiles(
            SvgPlot.Svg(drawing, style.Width, style.Height, SvgText.IdPrefix(plan.Spec.Name, figure.Id)),
            SvgPlot.Pdf(drawing, style.Width, style.Height));
    }
}
