using System.Globalization;
using Repro.Core.Results;

namespace Repro.Core.Claims.Positions;

/// <summary>`A..B`: the recorded steps from A to B, both ends included; both ends must be recorded steps.</summary>
public sealed record StepWindow(long From, long To)
{
    public const string Syntax = "A..B";
    public const string Pattern = @"[0-9]+\.\.[0-9]+";

    /// <summary>The window in <paramref name="text"/>, or null after reporting why not.</summary>
    public static StepWindow? Parse(FormInput input, string text)
    {
        string fix = $"write e.g. `at: {input.Name} 1000..5000` (two recorded steps, the first not after the second)";
        var parts = text.Split("..");
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long from)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long to))
        {
            input.Error($"at {FormInput.Quote(input.Text)} needs a window of steps A..B", fix);
            return null;
        }
        if (from > to)
        {
            input.Error($"the window {from}..{to} ends before it starts", fix);
            return null;
        }
        foreach (long step in new[] { from, to })
            if (input.NotRecorded(step) is { } why)
            {
                input.Error($"step {step} is not a recorded step ({why})", "use 0, a multiple of train.log_every, or the last step");
                return null;
            }
        return new StepWindow(from, to);
    }

    /// <summary>The defined values of a metric at the recorded steps within the window (NaN means "not defined here").</summary>
    public IEnumerable<double> Values(TrialResult result, string metric) =>
        result.Series(metric).Where(p => p.Step >= From && p.Step <= To).Select(p => p.Value).Where(v => !double.IsNaN(v));

    public override string ToString() => $"{From}..{To}";
}
