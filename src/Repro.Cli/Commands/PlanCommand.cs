using Repro.Core.Cache;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;

namespace Repro.Cli.Commands;

/// <summary>
/// `repro plan SPEC`: a dry run. Lists every trial with its key and whether the cache holds a verified entry for it (read as `run` reads it); for a trial it
/// lacks, names what differs from the nearest cached trial of the same spec (config values, engine version).
/// Trains nothing and does not load libtorch.
/// </summary>
public static class PlanCommand
{
    public static int Execute(string specPath, string cacheRoot, IReadOnlyList<string> overrides, TextWriter output, CancellationToken cancel = default)
    {
        var spec = SpecBinder.Load(specPath, Registries.Catalog, overrides);
        var plan = Planner.Plan(spec, EngineInfo.Version);
        var cache = new TrialCache(cacheRoot);
        var cached = cache.EntriesOf(spec.Name).TakeWhile(_ => !cancel.IsCancellationRequested).ToList();
        cancel.ThrowIfCancellationRequested();

        var header = new List<string> { "trial", "seed" };
        header.AddRange(plan.SweepColumns.Select(c => c.Path));
        header.Add("state");
        var rows = new List<IReadOnlyList<string>> { header };
        int hits = 0;
        foreach (var trial in plan.Trials)
        {
            cancel.ThrowIfCancellationRequested();
            var row = new List<string> { trial.Key[..12], trial.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            row.AddRange(plan.SweepColumns.Select(c => Canonical.Text(trial.Value(c.Path))));
            var missing = cache.Inspect(trial, plan.Spec.KeepsWeights);
            if (missing is null)
            {
                hits++;
                row.Add("cached");
            }
            else if (missing != TrialCache.NotCached)
                row.Add($"to train: {missing}");
            else
            {
                var reason = TrialDiff.Explain(trial, plan.EngineVersion, cached);
                row.Add(reason is null ? "to train: no cached trial of this spec" : $"to train: {reason}");
            }
            rows.Add(row);
        }
        Output.TextTable.Write(output, rows);
        output.WriteLine($"{spec.Name}: {plan.Trials.Count} trials, {hits} cached, {plan.Trials.Count - hits} to train (cache: {cacheRoot})");
        return ExitCodes.Ok;
    }
}
