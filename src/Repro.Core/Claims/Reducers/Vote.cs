namespace Repro.Core.Claims.Reducers;

/// <summary>
/// A reducer that compares each selected trial with the bound on its own and counts those that hold; a trial without
/// a value (diverged, never reached) does not hold.
/// </summary>
public abstract record Vote : Reducer
{
    /// <summary>Which trial's value the outcome shows, in words: "worst", "best".</summary>
    public abstract string Shown { get; }

    /// <summary>Whether the claim holds when <paramref name="holding"/> of <paramref name="trials"/> (at least one) hold.</summary>
    public abstract bool Passed(int holding, int trials);

    /// <summary>The value shown, given how far inside the bound each value is (negative: outside); NaN when there is none to show.</summary>
    public abstract double Pick(IReadOnlyList<double> values, Func<double, double> margin);
}
