namespace Repro.Tests.Spec.Mutations;

/// <summary>What `repro validate` must make of a mutation.</summary>
public enum Expected
{
    /// <summary>The mutation is bad input whatever the spec: exit 2.</summary>
    Rejected,

    /// <summary>The mutation may still be a valid spec (a 0, a deleted section that has defaults): exit 0 or 2.</summary>
    ValidOrRejected,
}

/// <summary>One mutated bundled spec: the file's new text and the `--set` overrides passed with it.</summary>
/// <param name="Name">unique and stable: "spec NN category: what changed", the name the theory shows</param>
public sealed record SpecMutation(string Name, string Spec, string Category, string Yaml, IReadOnlyList<string> Overrides, Expected Expected)
{
    public override string ToString() => Name;
}
