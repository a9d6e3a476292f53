using Repro.Cli.Json;
using Repro.Core.Cache;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine;
using Repro.Engine.Registry;

namespace Repro.Cli.Commands;

/// <summary>
/// `repro plan SPEC`: a dry run. Lists every trial with its key and whether the cache holds a verified entry for it (read as `run` reads it); for a trial it
/// lacks, names what differs from the nearest cached trial of the same spec (config values, engine version).
/// Trains nothing and does not load libtorch. With `--json`, the same as one document (<see cref="PlanJson"/>).
/// </summary>
public static class PlanCommand
{
    /// <summary>One trial of the plan: whether the cache holds it and, if not, why it is to be trained (and the nearest cached trial, if any).</summary>
    public sealed record PlannedTrial(Trial Trial, bool Cached, string? Reason, StaleReason? Nearest = null)
    {
        public string State => Cached ? "cached" : $"to train: {Reason}";
    }

    public static int Execute(string specPath, string cacheRoot, IReadOnlyList<string> overrides, TextWriter output, CancellationToken cancel = default,
        bool json = false)
    {
        var spec = SpecBinder.Load(specPath, Registries.Catalog, overrides);
        var plan = Planner.Plan(spec, EngineInfo.Version);
        var cache = new TrialCache(cacheRoot);
        var cached = cache.EntriesOf(spec.Name).TakeWhile(_ => !cancel.IsCancellationRequested).ToList();
        cancel.ThrowIfCancellationRequested();

        var trials = new List<PlannedTrial>();
        foreach (var trial in plan.Trials)
        {
            cancel.ThrowIfCancellationRequested();
            var missing = cache.Inspect(trial, plan.Spec.KeepsWeights);
            trials.Add(missing is null ? new PlannedTrial(trial, true, null)
                : missing != TrialCache.NotCached ? new PlannedTrial(trial, false, missing)
                : TrialDiff.Explain(trial, plan.EngineVersion, cached) is { } stale ? new PlannedTrial(trial, false, stale.ToString(), stale)
                : new PlannedTrial(trial, false, "no cached trial of this spec"));
        }

        if (json)
        {
            JsonOutput.Write(output, PlanJson.Of(plan, specPath, cacheRoot, trials));
            return ExitCodes.Ok;
        }
        var header = new List<string> { "trial", "seed" };
        header.AddRange(plan.SweepColumns.Select(c => c.Path));
        header.Add("state");
        var rows = new List<IReadOnlyList<string>> { header };
        foreach (var t in trials)
        {
            var row = new List<string> { t.Trial.Key[..12], t.Trial.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            row.AddRange(plan.SweepColumns.Select(c => Canonical.Text(t.Trial.Value(c.Path))));
            row.Add(t.State);
            rows.Add(row);
        }
        Output.TextTable.Write(output, rows);
        int hits = trials.Count(t => t.Cached);
        output.WriteLine($"{spec.Name}: {plan.Trials.Count} trials, {hits} cached, {plan.Trials.Count - hits} to train (cache: {cacheRoot})");
        return ExitCodes.Ok;
    }
}
