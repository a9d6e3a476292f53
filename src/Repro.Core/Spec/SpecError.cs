namespace Repro.Core.Spec;

/// <summary>One thing wrong with a spec: where, what, and how to fix it. Rendered as one line.</summary>
public sealed record SpecError(Mark Where, string Problem, string Fix)
{
    public override string ToString() => $"{Where}: {Problem}; {Fix}";
}

/// <summary>Thrown when a spec (or an override of it) cannot be loaded; carries every error found.</summary>
public sealed class SpecException(IReadOnlyList<SpecError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;

    public SpecException(SpecError error) : this([error]) { }
}
