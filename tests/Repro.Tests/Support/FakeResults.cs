using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;

namespace Repro.Tests.Support;

/// <summary>Trial results made up without training: every recorded metric at step 0 and a final value per trial.</summary>
public static class FakeResults
{
    public static (TrialPlan Plan, IReadOnlyList<TrialResult> Results) For(string yaml, Func<Trial, string, double> final, Func<Trial, bool>? diverged = null)
    {
        var plan = Planner.Plan(Specs.Parse(yaml), engineVersion: 1);
        var results = plan.Trials.Select(t =>
        {
            long steps = t.Config.Train.Steps;
            bool stop = diverged?.Invoke(t) ?? false;
            var points = t.Config.Metrics.SelectMany(m => new[] { new MetricPoint(0, m, 1), new MetricPoint(steps, m, final(t, m)) }).ToList();
            return new TrialResult(t.Key, points, steps, stop ? steps : null);
        }).ToList();
        return (plan, results);
    }

    /// <summary>A trial's swept value as a number (for made-up values that depend on it).</summary>
    public static double Number(Trial t, string path) => double.Parse(Canonical.Text(t.Value(path)), System.Globalization.CultureInfo.InvariantCulture);
}
