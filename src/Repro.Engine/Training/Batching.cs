using System.Text.Json.Nodes;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine.Registry;

namespace Repro.Engine.Training;

/// <summary>
/// Trials that train together as one tensor program (a leading trial dimension K). <see cref="Alone"/>
/// says why a trial that could not join others trains by itself; null for a real batch, or for a
/// trial that simply had no partner in this run.
/// </summary>
public sealed record TrialBatch(IReadOnlyList<Trial> Trials, string? Alone = null);

/// <summary>
/// Which trials can share one program. They must agree on everything that fixes tensor shapes and the
/// arithmetic of a step: data kind and sizes, model, loss, schedule, steps, dtype, device, metrics and
/// minibatch size. They may differ in seed (data, init and minibatch streams), in the whole `init:`
/// block (scale, α, kind) and in the optimizer's settings (lr, momentum, ...): the trainer gives every
/// distinct optimizer setting its own group of rows with its own scalar hyperparameters, so each
/// trial's arithmetic is the arithmetic it has alone (tests/Repro.Tests/Engine/BatchingTests.cs).
/// </summary>
public static class Batching
{
    /// <summary>Groups trials into batches, in order of first appearance; a trial that cannot batch is a batch of one with the reason.</summary>
    public static IReadOnlyList<TrialBatch> Group(IEnumerable<Trial> trials)
    {
        var batches = new List<TrialBatch>();
        var open = new Dictionary<string, List<Trial>>(StringComparer.Ordinal);
        foreach (var trial in trials)
        {
            if (Blocker(trial.Config) is { } reason)
            {
                batches.Add(new TrialBatch([trial], reason));
                continue;
            }
            string key = Key(trial);
            if (!open.TryGetValue(key, out var members))
            {
                open[key] = members = [];
                batches.Add(new TrialBatch(members));
            }
            members.Add(trial);
        }
        return batches;
    }

    /// <summary>
    /// Part <paramref name="number"/> (1-based) of <paramref name="count"/> disjoint parts of a plan, for `--shard K/N`
    /// and `--jobs N` workers: whole batches where there are at least as many batches as parts (the costliest
    /// batch is halved until there are), each assigned to the part with the least work so far (trial-steps,
    /// costliest first). It depends on the plan alone, so every machine and process computes the same parts;
    /// how trials are batched never changes their bits, so any split merges cleanly.
    /// </summary>
    public static IReadOnlyList<Trial> Part(IReadOnlyList<Trial> plan, int number, int count)
    {
        var units = Group(plan).Select(b => b.Trials.ToList()).ToList();
        static long Cost(List<Trial> unit) => unit.Count * unit[0].Config.Train.Steps;
        while (units.Count < count && units.Any(u => u.Count > 1))
        {
            var largest = units.Where(u => u.Count > 1).MaxBy(Cost)!;
            int at = units.IndexOf(largest), half = (largest.Count + 1) / 2;
            units[at] = largest[..half];
            units.Insert(at + 1, largest[half..]);
        }
        var load = new long[count];
        var mine = new List<Trial>();
        foreach (var unit in units.OrderByDescending(Cost).ThenBy(u => u[0].Index))
        {
            int part = Array.IndexOf(load, load.Min());
            load[part] += Cost(unit);
            if (part == number - 1) mine.AddRange(unit);
        }
        return [.. mine.OrderBy(t => t.Index)];
    }

    /// <summary>Why this trial's parts cannot be batched bit-exactly, or null when they can.</summary>
    public static string? Blocker(TrialConfig config) => config.Optimizer.Kind switch
    {
        // Begin() solves a linear system for all rows at once; batched LAPACK need not round as one system alone does.
        "exact-ridge" => "optimizer exact-ridge solves its linear systems in one batched LAPACK call, which is not proven to round as one system alone",
        _ => null,
    };

    /// <summary>The canonical config without what may differ inside a batch (seed, init, optimizer settings), plus the minibatch size.</summary>
    static string Key(Trial trial)
    {
        var canonical = (JsonObject)trial.Canonical.DeepClone();
        canonical.Remove("seed");
        canonical.Remove("init");
        canonical.Remove("optimizer");
        long? batchSize = Registries.Optimizers.Create(trial.Config.Optimizer).BatchSize;
        return $"{Canonical.Compact(canonical)}\nbatch_size={batchSize?.ToString() ?? "full"}";
    }
}
