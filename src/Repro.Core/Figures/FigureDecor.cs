using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using Repro.Core.Claims;
using Repro.Core.Plan;
using Repro.Core.Spec;

namespace Repro.Core.Figures;

/// <summary>
/// The spec's `axes:` and `reference:` on a drawn figure, whatever its kind: axis titles and limits replaced, and a
/// dashed line per value a reference takes over the figure's trials, under the data. A reference that takes one value
/// per series is drawn in that series' colour; one value for the whole figure, in grey.
/// </summary>
public static class FigureDecor
{
    static readonly OxyColor Grey = OxyColor.FromRgb(0x55, 0x55, 0x55);

    public static void Apply(PlotDrawing drawing, FigureSpec figure, TrialPlan plan)
    {
        var model = drawing.Model;
        foreach (var (position, style) in new[] { (AxisPosition.Bottom, figure.Style.X), (AxisPosition.Left, figure.Style.Y) })
        {
            if (model.Axes.FirstOrDefault(a => a.Position == position) is not { } axis) continue;
            if (style.Title is { } title) axis.Title = title;
            if (style.Min is { } min) axis.Minimum = min;
            if (style.Max is { } max) axis.Maximum = max;
        }
        var trials = plan.Trials.Where(t => t.Satisfies(figure.Where)).ToList();
        foreach (var reference in figure.Style.References)
        {
            var values = trials
                .GroupBy(t => reference.Value.Evaluate(name => ClaimChecker.Numeric(t.Value(name)) ?? double.NaN))
                .Where(g => double.IsFinite(g.Key))
                .OrderBy(g => g.Key)
                .ToList();
            string name = reference.Label ?? reference.Value.ToString();
            bool constant = reference.Value is Derived.Number;
            foreach (var group in values)
            {
                // One series' own value: drawn in its colour.
                var series = group.Select(t => FigureBuilder.Label(figure, figure.Y.FirstOrDefault() ?? "", FigureBuilder.SeriesKey(figure, t))).Distinct().ToList();
                var color = values.Count > 1 && series.Count == 1 && drawing.SeriesColors.TryGetValue(series[0], out var c) ? c : Grey;
                string text = constant ? name : $"{name} = {group.Key.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}";
                model.Annotations.Add(new LineAnnotation
                {
                    Type = reference.Axis == 'y' ? LineAnnotationType.Horizontal : LineAnnotationType.Vertical,
                    X = group.Key,
                    Y = group.Key,
                    Color = color,
                    LineStyle = LineStyle.Dash,
                    StrokeThickness = 1.3,
                    Text = text,
                    TextColor = color,
                    FontSize = 11,
                    Layer = AnnotationLayer.BelowSeries,
                });
                drawing.Extents.Add((reference.Axis == 'y' ? AxisPosition.Left : AxisPosition.Bottom, group.Key));
            }
        }
    }
}
