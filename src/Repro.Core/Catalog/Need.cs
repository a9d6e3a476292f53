using Repro.Core.Spec;

namespace Repro.Core.Catalog;

/// <summary>What a kind needs from the trial's <see cref="Area"/> (data, model, init, ...; nested kinds such as data.target count as their area's).</summary>
/// <param name="Reason">why, in a few words the error message shows in parentheses ("it embeds tokens"); optional</param>
public sealed record Need(string Area, Trait Trait, string? Reason = null)
{
    /// <summary>The kind's own parameter the need depends on (<see cref="When"/>); null: it always applies.</summary>
    public string? Param { get; init; }
    Func<object, bool>? Holds { get; init; }

    /// <summary>The need applies only while the kind's parameter <paramref name="param"/> satisfies <paramref name="holds"/> (the entropy potential needs a positive start, an ℓp potential does not).</summary>
    public Need When(string param, Func<object, bool> holds) => this with { Param = param, Holds = holds };

    /// <summary>True when the need applies to a component with these values.</summary>
    public bool AppliesTo(Component component) => Param is null || (component.Params.TryGetValue(Param, out var value) && Holds!(value));

    /// <summary>True when the need applies to the kind with its defaults (a kind the binder may suggest in place of a default).</summary>
    public bool AppliesByDefault(KindInfo kind) => Param is null || Holds!(kind.Param(Param)!.Default);

    public static Need Data(Trait trait, string? reason = null) => new("data", trait, reason);
    public static Need Model(Trait trait, string? reason = null) => new("model", trait, reason);
    public static Need Init(Trait trait, string? reason = null) => new("init", trait, reason);
}
