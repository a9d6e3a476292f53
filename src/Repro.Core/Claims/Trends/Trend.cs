using Repro.Core.Claims.Reducers;
using Repro.Core.Spec.Forms;

namespace Repro.Core.Claims.Trends;

/// <summary>
/// `monotone: DIRECTION in PATH` — the way the reduced value must go from one value of a numeric swept path to the
/// next. Each direction is one record in this folder, registered in <see cref="ClaimForms.Monotone"/>.
/// </summary>
public abstract record Trend : ISpecForm
{
    public abstract string Name { get; }

    public string Syntax => $"{Name} in PATH";

    public string Pattern => Name;

    public abstract string Doc { get; }

    /// <summary>The reduce over seeds a trend gets when it names none: one typical value per sweep value.</summary>
    public Reducer DefaultReduce => new Median();

    /// <summary>Whether the step from <paramref name="previous"/> to <paramref name="next"/> goes the claimed way, allowing <paramref name="slack"/> the other way.</summary>
    public abstract bool Continues(double previous, double next, double slack);

    public sealed override string ToString() => Name;
}
