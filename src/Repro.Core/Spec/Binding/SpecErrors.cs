namespace Repro.Core.Spec.Binding;

/// <summary>
/// The errors found while binding one spec, in the order found. The orchestrator makes one and hands it to
/// each binder, so a spec reports every problem at once instead of the first.
/// </summary>
sealed class SpecErrors
{
    readonly List<SpecError> errors = [];

    public int Count => errors.Count;

    public void Add(Mark mark, string problem, string fix) => errors.Add(new SpecError(mark, problem, fix));

    public void AddRange(IEnumerable<SpecError> more) => errors.AddRange(more);

    /// <summary>Every error once (a sweep binds the same value for many points), or nothing when the spec is fine.</summary>
    public void ThrowIfAny()
    {
        var distinct = errors.Distinct().ToList();
        if (distinct.Count > 0) throw new SpecException(distinct);
    }

    public IReadOnlyList<SpecError> ToList() => errors.Distinct().ToList();
}
