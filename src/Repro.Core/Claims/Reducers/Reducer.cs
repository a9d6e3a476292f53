using Repro.Core.Spec.Forms;

namespace Repro.Core.Claims.Reducers;

/// <summary>
/// `reduce:` — how the values of the selected trials become one verdict: a <see cref="Statistic"/> makes one number of
/// them, which is then compared; a <see cref="Vote"/> compares each trial on its own. Each form is one record in this
/// folder, registered in <see cref="ClaimForms.Reduce"/>; the registered instance is its prototype, whose
/// <see cref="Parse"/> makes the value a claim holds.
/// </summary>
public abstract record Reducer : ISpecForm, IFormParser<Reducer>
{
    public abstract string Name { get; }

    public virtual string Syntax => Name;

    public virtual string Pattern => Name;

    public abstract string Doc { get; }

    /// <summary>Reads the text after the name (a form without an argument takes none); null after reporting a problem.</summary>
    public virtual Reducer? Parse(FormInput input) => input.Bare(this);

    /// <summary>The canonical text: in claims.json, the spec's hash and every message.</summary>
    public sealed override string ToString() => Text;

    protected virtual string Text => Name;
}
