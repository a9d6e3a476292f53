using System.Text.RegularExpressions;
using Repro.Core.Claims.Comparisons;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Core.Claims.Positions;

/// <summary>`first METRIC OP NUMBER` — the condition of <see cref="FirstWhen"/>.</summary>
public sealed record Condition(string Metric, Comparison Op, double Value)
{
    public bool Holds(double value) => Op.Holds(value, Value, 0);

    public override string ToString() => $"{Metric} {Op.Name} {Canonical.Number(Value)}";

    /// <summary>
    /// The claim's metric at the step <paramref name="pick"/> chooses among the recorded steps where this holds (for
    /// metric `step`, that step itself); NaN when it never holds.
    /// </summary>
    public double ValueAt(TrialResult result, string metric, Func<IEnumerable<long?>, long?> pick)
    {
        long? step = pick(result.Series(Metric).Where(p => Holds(p.Value)).Select(p => (long?)p.Step));
        if (step is null) return double.NaN;
        return metric == ClaimSpec.StepMetric ? step.Value : new AtStep(step.Value).ValueOf(result, metric);
    }

    /// <summary>`METRIC OP NUMBER` after a position's name (`first`, `last`), or null after reporting why not.</summary>
    /// <param name="example">the whole `at:` value to suggest, e.g. "first train_accuracy >= 0.99"</param>
    public static Condition? Parse(FormInput input, string example)
    {
        var form = Regex.Match(input.Argument, $@"^(?<metric>{FormInput.MetricPattern})\s*(?<op>{ClaimForms.Expect.Alternation()})\s*(?<number>\S+)\z");
        if (!form.Success)
        {
            input.Error($"at {FormInput.Quote(input.Text)} does not read `{input.Name} METRIC OP NUMBER`", $"write e.g. `at: {example}`");
            return null;
        }
        string name = form.Groups["metric"].Value;
        bool ok = true;
        if (!input.Metrics.Contains(name))
        {
            input.Error($"at: {input.Name} ... looks at '{name}', which this spec does not record", DidYouMean.Allowed(name, input.Metrics, "recorded metrics"));
            ok = false;
        }
        if (!FormInput.TryNumber(form.Groups["number"].Value, out double value))
        {
            input.Error($"at: {input.Name} ... compares with {FormInput.Quote(form.Groups["number"].Value)}, which is not a number", $"write e.g. `at: {example}`");
            ok = false;
        }
        return ok ? new Condition(name, ClaimForms.Expect.Find(form.Groups["op"].Value)!, value) : null;
    }
}

/// <summary>
/// `at: first METRIC OP NUMBER` — the first recorded step where a metric satisfies a bound: the claim's metric there,
/// or, for metric `step`, that step itself. No value when the condition never holds.
/// </summary>
public sealed record FirstWhen(Condition? When = null) : ClaimAt
{
    public override string Name => "first";

    public override string Syntax => "first METRIC OP NUMBER";

    // Read when asked, not at start-up: the operators come from another registry.
    public override string Pattern => $@"first\s+{FormInput.MetricPattern}\s*{ClaimForms.Expect.Alternation()}\s*\S+";

    public override string Doc => "the first recorded step where that metric satisfies the bound (no value if it never does); with `metric: step`, that step";

    public override bool InRatio => false;

    public override bool FindsStep => true;

    public override ClaimAt? Parse(FormInput input) => Condition.Parse(input, "first train_accuracy >= 0.99") is { } when ? new FirstWhen(when) : null;

    protected override double Take(TrialResult result, string metric) => When!.ValueAt(result, metric, steps => steps.FirstOrDefault());

    protected override string Text => $"first {When}";
}
