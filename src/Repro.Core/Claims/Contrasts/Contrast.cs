using Repro.Core.Spec.Forms;

namespace Repro.Core.Claims.Contrasts;

/// <summary>
/// `as:` — how `compare:` makes one number of its two values, A's and B's. Each form is one record in this folder,
/// registered in <see cref="ClaimForms.As"/>.
/// </summary>
public abstract record Contrast : ISpecForm, IFormParser<Contrast>
{
    public abstract string Name { get; }

    public string Syntax => Name;

    public string Pattern => Name;

    public abstract string Doc { get; }

    /// <summary>How a message writes the two values with it between them: `/`, `-`.</summary>
    public abstract string Symbol { get; }

    /// <summary>The number made of A's value and B's; NaN where either is NaN.</summary>
    public abstract double Of(double a, double b);

    public Contrast? Parse(FormInput input) => input.Bare(this);

    public sealed override string ToString() => Name;
}
