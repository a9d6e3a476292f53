using Repro.Core.Spec;

namespace Repro.Core.Catalog;

/// <summary>
/// A property one part of a trial offers the others: "the model has a coefficient vector", "the labels are ±1".
/// Kinds declare the traits they provide (<see cref="KindInfo.Provides"/>) and the traits they need from another
/// area (<see cref="KindInfo.Needs"/>); the binder checks every need of a trial before anything runs.
/// </summary>
/// <param name="Description">a noun phrase that completes "needs …", e.g. "a model with a coefficient vector"</param>
public sealed record Trait(string Name, string Description)
{
    /// <summary>Provided only when one of the kind's own parameters satisfies <paramref name="holds"/> (its <paramref name="condition"/> in words, e.g. "> 0").</summary>
    public Provision When(string param, Func<object, bool> holds, string condition) => new(this, param, holds, condition);

    /// <summary>Provided only when the component as a whole satisfies <paramref name="holds"/>: for a condition on two of its values (a file and the column named in it).</summary>
    public Provision WhenComponent(string param, Func<Component, bool> holds, string condition) => new(this, param, null, condition) { HoldsOn = holds };

    public static implicit operator Provision(Trait trait) => new(trait);
}

/// <summary>A trait a kind provides: always, or only while its parameter <see cref="Param"/> satisfies <see cref="Holds"/>.</summary>
public sealed record Provision(Trait Trait, string? Param = null, Func<object, bool>? Holds = null, string? Condition = null)
{
    public Func<Component, bool>? HoldsOn { get; init; }

    public bool HoldsFor(Component component) =>
        HoldsOn?.Invoke(component) ?? (Param is null || (component.Params.TryGetValue(Param, out var value) && Holds!(value)));
}
