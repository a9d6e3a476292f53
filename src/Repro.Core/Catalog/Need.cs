namespace Repro.Core.Catalog;

/// <summary>What a kind needs from the trial's <see cref="Area"/> (data, model, init, ...; nested kinds such as data.target count as their area's).</summary>
/// <param name="Reason">why, in a few words the error message shows in parentheses ("it embeds tokens"); optional</param>
public sealed record Need(string Area, Trait Trait, string? Reason = null)
{
    public static Need Data(Trait trait, string? reason = null) => new("data", trait, reason);
    public static Need Model(Trait trait, string? reason = null) => new("model", trait, reason);
    public static Need Init(Trait trait, string? reason = null) => new("init", trait, reason);
}
