using Repro.Core.Figures.Kinds;
using Repro.Core.Spec.Forms;

namespace Repro.Core.Figures;

/// <summary>
/// Every figure kind, one line each, in the order the README lists them. Adding a kind is one file under Kinds/ plus
/// one line here: the loader, the JSON Schema, the README check and the error messages read this list.
/// </summary>
public static class FigureKinds
{
    public static readonly FormRegistry<FigureKind> All = new("kind", defaultName: "line")
    {
        new LineFigure(),
        new ScatterFigure(),
        new BarFigure(),
        new HistogramFigure(),
    };

    /// <summary>README's reference table of the kinds, as the documentation test expects it.</summary>
    public static string Table() => All.Table(("x", k => k.XDoc), ("draws", k => k.Doc));
}
