using System.Text.Json.Nodes;
using Repro.Core.Spec;

namespace Repro.Core.Plan;

/// <summary>Expands a resolved spec into trials (sweep points × seeds). Pure: no I/O, no engine.</summary>
public static class Planner
{
    public static TrialPlan Plan(ResolvedSpec spec, int engineVersion)
    {
        var trials = new List<Trial>();
        foreach (var point in spec.Points)
        {
            foreach (long seed in spec.Seeds)
            {
                var canonical = point.ToCanonical();
                canonical["seed"] = seed;
                string identity = $"{Canonical.Compact(canonical)}\nengine={engineVersion}";
                trials.Add(new Trial(trials.Count, Canonical.Sha256(identity), seed, point, canonical));
            }
        }
        return new TrialPlan(spec, engineVersion, trials, SweepColumns(spec.Points));
    }

    /// <summary>
    /// The leaf paths whose values differ between sweep points: these become result columns, named
    /// with '_' for '.' because Spark reads a dot in a column name as a struct field.
    /// </summary>
    static IReadOnlyList<SweepColumn> SweepColumns(IReadOnlyList<TrialConfig> points) =>
        Canonical.Swept([.. points.Select(p => p.ToCanonical())]).Select(path => new SweepColumn(path, path.Replace('.', '_'))).ToList();
}
