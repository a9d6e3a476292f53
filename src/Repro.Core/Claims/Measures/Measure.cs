using System.Text.Json.Nodes;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Claims.Measures;

/// <summary>
/// What a claim reduces when it is not one value per trial: `compare:` (two sweep points of one seed, or two steps
/// of one trial) and `scaling:` (a power law across a sweep, per seed). A measure turns the selected trials into
/// units, each one number with the values it was made of; the claim's `reduce:` and `expect:` then treat the units
/// as they treat trials. The binder has checked that every unit it makes has all its points.
/// </summary>
public abstract record Measure
{
    /// <summary>The units of the selected trials, in plan order.</summary>
    /// <param name="swept">The plan's swept paths, which name each unit.</param>
    public abstract IReadOnlyList<MeasuredUnit> Take(ClaimSpec claim, IReadOnlyList<Trial> selected,
        IReadOnlyDictionary<string, TrialResult> results, IReadOnlyList<string> swept);

    /// <summary>`3 pairs`: how many units, in words.</summary>
    public abstract string Count(int units);

    /// <summary>Whether each value is read at the claim's `at:` (two steps are not).</summary>
    public virtual bool ReadsAt => true;

    /// <summary>The claim keys it was written with, for the canonical form and claims.json (`compare` and `as`, or `scaling`).</summary>
    public abstract IEnumerable<KeyValuePair<string, JsonNode?>> Keys { get; }

    /// <summary>One unit in a message: `0.01 / 0.04 = 0.25`.</summary>
    public virtual string Show(MeasuredUnit unit) => Canonical.Number(unit.Value);

    /// <summary>What it measures, as the verify table and claims.json name it: `model.depth 3 / 2`, `exponent in data.n_train`.</summary>
    public sealed override string ToString() => Text;

    protected abstract string Text { get; }
}
