using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>One figure spec to SVG bytes: its kind builds the plot from the results and renders it.</summary>
public static class FigureRenderer
{
    public static byte[] Render(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results) => figure.Kind.Render(figure, plan, results);
}
