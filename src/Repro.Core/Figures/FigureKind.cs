using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Core.Spec.Forms;

namespace Repro.Core.Figures;

/// <summary>
/// A figure's `kind:`: what it draws, which x, scales and series it accepts, and how it turns results into SVG. Each
/// kind is one record under Kinds/, registered in <see cref="FigureKinds.All"/>; the builders and Svg*Plot renderers
/// in this folder are the machinery the kinds share.
/// </summary>
public abstract record FigureKind : ISpecForm
{
    public abstract string Name { get; }

    public string Syntax => Name;

    public string Pattern => Name;

    public abstract string Doc { get; }

    /// <summary>What `x:` may be for this kind, in words (README and schema).</summary>
    public abstract string XDoc { get; }

    /// <summary>Whether the figure plots `y:` metrics (then required); a kind that counts trials takes none.</summary>
    public virtual bool TakesY => true;

    /// <summary>What the kind needs of x, the scales and series beyond what every figure checks; each problem at its node.</summary>
    public abstract void Check(FigureCheck figure);

    /// <summary>The figure drawn from the results; <see cref="FigureRenderer"/> styles it and exports it as SVG and PDF.</summary>
    public abstract PlotDrawing Draw(FigureSpec figure, TrialPlan plan, IReadOnlyList<TrialResult> results);

    public sealed override string ToString() => Name;
}
