using Repro.Core.Spec;

namespace Repro.Core.Derived;

/// <summary>What a name in an expression reads, as the binder resolved it.</summary>
public enum Source
{
    /// <summary>The step the value is computed at.</summary>
    Step,
    /// <summary>The trial's seed.</summary>
    Seed,
    /// <summary>A recorded or derived metric, at the same step.</summary>
    Metric,
    /// <summary>A numeric leaf of the trial's resolved config (`optimizer.lr`), the same at every step.</summary>
    Config,
    /// <summary>A named scalar of a reference solution the trial's metrics used (`ref.svm.margin`).</summary>
    Reference,
}

/// <summary>
/// `derived: { NAME: "EXPRESSION" }`: a metric computed after training from each trial's recorded values at every
/// recorded step. Not part of any trial key; published beside the recorded metrics.
/// </summary>
/// <param name="Reads">every name the expression reads, and what it reads</param>
public sealed record DerivedMetric(string Name, Mark Mark, Expression Expression, IReadOnlyDictionary<string, Source> Reads)
{
    /// <summary>The prefix of a reference scalar's name: `ref.REFERENCE.QUANTITY`.</summary>
    public const string ReferencePrefix = "ref.";

    public override string ToString() => $"{Name} = {Expression}";
}
