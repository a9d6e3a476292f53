namespace Repro.Engine.References;

/// <summary>
/// Coefficients of the reference solution, plus named scalars: the objective value, and the residuals
/// that certify optimality (each should be ~0, e.g. &lt; 1e-8, for a trustworthy reference).
/// </summary>
/// <remarks>Scalars is a <see cref="SortedDictionary{TKey, TValue}"/> with ordinal keys, so iterating it is deterministic.</remarks>
public sealed record ReferenceSolution(string Name, double[] Coefficients, IReadOnlyDictionary<string, double> Scalars);
