using Repro.Core.Results;

namespace Repro.Core.Claims.Positions;

/// <summary>`at: step N` — the value recorded at one step, which every selected trial must record.</summary>
public sealed record AtStep(long Step = 0) : ClaimAt
{
    public override string Name => "step";

    public override string Syntax => "step N";

    public override string Pattern => @"step\s+[0-9]+";

    public override string Doc => "the value at step N, a recorded step (0, a multiple of train.log_every, or the last)";

    public override ClaimAt? Parse(FormInput input)
    {
        if (!long.TryParse(input.Argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long step))
        {
            input.Error($"at {FormInput.Quote(input.Text)} needs a step number", "write e.g. `at: step 100` (a recorded step)");
            return null;
        }
        if (input.NotRecorded(step) is { } why)
            input.Error($"step {step} is not a recorded step ({why})", "use 0, a multiple of train.log_every, or the last step");
        return new AtStep(step);
    }

    protected override double Take(TrialResult result, string metric) =>
        result.Series(metric).Where(p => p.Step == Step).Select(p => p.Value).DefaultIfEmpty(double.NaN).First();

    protected override string Text => $"step {Step}";
}
