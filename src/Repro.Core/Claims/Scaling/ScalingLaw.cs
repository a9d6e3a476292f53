using System.Text.Json.Nodes;
using Repro.Core.Claims.Measures;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Core.Spec.Forms;

namespace Repro.Core.Claims.Scaling;

/// <summary>
/// `scaling: FORM in PATH` — how the claim's value follows a power of a numeric swept path: per seed (and every
/// other swept value alike), the values at each of the path's values make one series, and the form makes one number
/// of it. Each form is one record in this folder, registered in <see cref="ClaimForms.Scaling"/>; the registered
/// instance is its prototype, whose <see cref="Parse"/> reads the text before `in`, and the binder sets the path.
/// </summary>
public abstract record ScalingLaw : Measure, ISpecForm, IFormParser<ScalingLaw>
{
    /// <summary>The numeric swept path, all of whose values the binder has checked are positive.</summary>
    public string Path { get; init; } = "";

    /// <summary>The swept paths linked to <see cref="Path"/> (`optimizer.batch_size+optimizer.lr`), which vary along its series.</summary>
    public IReadOnlyList<string> Along { get; init; } = [];

    public abstract string Name { get; }

    public virtual string Syntax => $"{Name} in PATH";

    /// <summary>The text before `in`.</summary>
    public virtual string Pattern => Name;

    public abstract string Doc { get; }

    /// <summary>Reads the text before `in` after the name (a law without an argument takes none); null after reporting a problem.</summary>
    public virtual ScalingLaw? Parse(FormInput input)
    {
        if (input.Argument.Length == 0) return this;
        input.Error($"scaling {Name} takes nothing before `in`, got {FormInput.Quote(input.Text)}", $"write `scaling: {Name} in PATH`");
        return null;
    }

    /// <summary>The number one series makes, (path value, claim value) in increasing order of the path, two or more; NaN where it has none.</summary>
    protected abstract double Fit(IReadOnlyList<(double X, double Y)> series);

    public sealed override IReadOnlyList<MeasuredUnit> Take(ClaimSpec claim, IReadOnlyList<Trial> selected,
        IReadOnlyDictionary<string, TrialResult> results, IReadOnlyList<string> swept) =>
        [.. SweepGroups.DifferingOnlyIn(Path, Along, selected).Select(group =>
        {
            var series = group.Select(t => (At: t.Value(Path)!, X: ClaimChecker.Numeric(t.Value(Path))!.Value, Y: claim.At.ValueOf(results[t.Key], claim.Metric)))
                .OrderBy(p => p.X).ToList();
            return new MeasuredUnit(group.First().Seed, SweepGroups.Shared(group.First(), swept, Path, Along),
                [.. series.Select(p => (p.At, p.Y))], Fit([.. series.Select(p => (p.X, p.Y))]));
        })];

    public sealed override string Count(int units) => units == 1 ? "1 series" : $"{units} series";

    public sealed override IEnumerable<KeyValuePair<string, JsonNode?>> Keys => [KeyValuePair.Create("scaling", (JsonNode?)ToString())];

    protected sealed override string Text => $"{FormText} in {Path}";

    /// <summary>The form as written before `in`: `exponent`, `prefactor -0.5`.</summary>
    protected virtual string FormText => Name;
}
