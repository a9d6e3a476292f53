using Repro.Core.Results;
using Repro.Core.Spec.Forms;

namespace Repro.Core.Claims.Positions;

/// <summary>
/// `at:` — which value along a trial's recorded path a claim looks at. Each form is one record in this folder,
/// registered in <see cref="ClaimForms.At"/>; the registered instance is its prototype, whose <see cref="Parse"/>
/// makes the value a claim holds.
/// </summary>
public abstract record ClaimAt : ISpecForm, IFormParser<ClaimAt>
{
    public abstract string Name { get; }

    public virtual string Syntax => Name;

    public virtual string Pattern => Name;

    public abstract string Doc { get; }

    /// <summary>Whether the ratio form may name it for the other metric (`&lt; 0.5 * other at step 100`).</summary>
    public virtual bool InRatio => true;

    /// <summary>Whether it finds a step, so that the claim's metric may be `step`: that step itself.</summary>
    public virtual bool FindsStep => false;

    /// <summary>Whether it measures a number of steps rather than reading a value, so that the claim's metric must be `step`.</summary>
    public virtual bool MeasuresSteps => false;

    /// <summary>Reads the text after the name (a form without an argument takes none); null after reporting a problem.</summary>
    public virtual ClaimAt? Parse(FormInput input) => input.Bare(this);

    /// <summary>The value along one trial's path; NaN for a diverged trial (it cannot support a claim) and where there is none.</summary>
    public double ValueOf(TrialResult result, string metric) => result.Diverged ? double.NaN : Take(result, metric);

    /// <summary>The value along the path of a trial that did not diverge.</summary>
    protected abstract double Take(TrialResult result, string metric);

    /// <summary>The canonical text: in claims.json, the spec's hash and every message.</summary>
    public sealed override string ToString() => Text;

    protected virtual string Text => Name;
}
