using Repro.Core.Claims.Reducers;
using Repro.Core.Spec.Forms;

namespace Repro.Core.Claims.Comparisons;

/// <summary>
/// An `expect:` operator (also the OP of `at: first METRIC OP NUMBER`): how far inside its bound a value is, and
/// whether a value on the bound holds. Each operator is one record in this folder, registered in <see cref="ClaimForms.Expect"/>.
/// </summary>
public abstract record Comparison : ISpecForm
{
    /// <summary>The operator itself: `&lt;`, `&gt;=`.</summary>
    public abstract string Name { get; }

    public string Syntax => $"{Name} B";

    public string Pattern => Name;

    public abstract string Doc { get; }

    /// <summary>The reduce a claim gets when it names none: the value hardest to satisfy.</summary>
    public abstract Reducer DefaultReduce { get; }

    /// <summary>Whether it asks floating-point results for equality, so that a claim must give a tolerance.</summary>
    public virtual bool NeedsTolerance => false;

    /// <summary>How far inside the bound, widened by the slack, a value is (negative: outside); NaN for NaN.</summary>
    public abstract double Margin(double value, double bound, double slack);

    /// <summary>Whether a margin holds: strictly positive, or zero too (a value exactly on the bound).</summary>
    public abstract bool Inside(double margin);

    public bool Holds(double value, double bound, double slack) => Inside(Margin(value, bound, slack));

    public sealed override string ToString() => Name;
}
