using System.Text.Json.Nodes;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Engine.Optimizers;
using Repro.Engine.Registry;

namespace Repro.Engine.Training;

/// <summary>
/// Trials that train together as one tensor program (a leading trial dimension K): what
/// <see cref="Trainer.Run(TrialBatch, CancellationToken)"/> takes. Made by <see cref="Batching"/>; the
/// constructor checks that the members may share a program (a batch that mixes what must be equal is a bug),
/// so the trainer reads the shared parts (model, loss, steps, ...) from <see cref="Shared"/>.
/// </summary>
public sealed class TrialBatch
{
    /// <exception cref="ArgumentException">the trials differ in what a batch shares, or one of several trains alone</exception>
    public TrialBatch(IReadOnlyList<Trial> trials)
    {
        if (trials.Count == 0) throw new ArgumentException("a batch needs at least one trial", nameof(trials));
        if (trials.Count == 1) Alone = Batching.TrainsAlone(trials[0].Config);
        else
        {
            if (trials.FirstOrDefault(t => Batching.TrainsAlone(t.Config) is not null) is { } loner)
                throw new ArgumentException($"trial {loner.Key[..12]} cannot share a batch: {Batching.TrainsAlone(loner.Config)}", nameof(trials));
            string key = Batching.Key(trials[0]);
            if (trials.FirstOrDefault(t => Batching.Key(t) != key) is { } odd)
                throw new ArgumentException($"trials {trials[0].Key[..12]} and {odd.Key[..12]} differ in what a batch shares (data, model, loss, schedule, steps, dtype, device, metrics or minibatch size)", nameof(trials));
        }
        Trials = trials;
    }

    public IReadOnlyList<Trial> Trials { get; }

    /// <summary>Why the one trial of this batch cannot train with others (the log prints it); null for a batch that could have partners.</summary>
    public string? Alone { get; }

    /// <summary>The settings every member shares: the first member's, on which the others agree.</summary>
    public TrialConfig Shared => Trials[0].Config;
}

/// <summary>
/// Which trials can share one program. They must agree on everything that fixes tensor shapes and the
/// arithmetic of a step: data kind and sizes, model, loss, schedule, steps, dtype, device, metrics and
/// minibatch size. What may differ is <see cref="PerTrial"/>: the parts of a trial the engine builds per
/// trial or per group of rows, so each trial's arithmetic is the arithmetic it has alone
/// (tests/Repro.Tests/Engine/BatchingTests.cs). An optimizer that cannot keep that promise says so
/// (<see cref="IOptimizer.TrainsAlone"/>) and its trials train alone.
/// </summary>
public static class Batching
{
    /// <summary>
    /// The canonical sections that may differ inside a batch, and why they can: `seed` (every trial draws its
    /// data, init and minibatch streams itself: <see cref="TrialRun"/>), `init` (every trial samples its own
    /// parameters at K = 1: <see cref="TrialRun"/>) and `optimizer` (every distinct setting is its own group
    /// of rows with its own run and scalar hyperparameters: <see cref="Trainer"/>), except what an optimizer
    /// declares shared: its minibatch size and sampling (<see cref="IOptimizer.BatchSize"/>, <see cref="IOptimizer.Replacement"/>),
    /// one [K, b] gather for all rows.
    /// </summary>
    public static readonly IReadOnlyList<string> PerTrial = ["seed", "init", "optimizer"];

    /// <summary>Groups trials into batches, in order of first appearance; a trial that cannot batch is a batch of one with the reason.</summary>
    public static IReadOnlyList<TrialBatch> Group(IEnumerable<Trial> trials)
    {
        var batches = new List<List<Trial>>();
        var open = new Dictionary<string, List<Trial>>(StringComparer.Ordinal);
        foreach (var trial in trials)
        {
            if (TrainsAlone(trial.Config) is not null)
            {
                batches.Add([trial]);
                continue;
            }
            string key = Key(trial);
            if (!open.TryGetValue(key, out var members))
            {
                open[key] = members = [];
                batches.Add(members);
            }
            members.Add(trial);
        }
        return [.. batches.Select(members => new TrialBatch(members))];
    }

    /// <summary>A trial as a batch of one, trained through the same code as a real batch.</summary>
    public static TrialBatch One(Trial trial) => new([trial]);

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

    /// <summary>Why this trial cannot be batched bit-exactly (its optimizer's declaration), or null when it can.</summary>
    public static string? TrainsAlone(TrialConfig config) => Registries.Optimizers.Create(config.Optimizer).TrainsAlone;

    /// <summary>The canonical config without what may differ inside a batch (<see cref="PerTrial"/>), plus what the optimizer declares shared.</summary>
    internal static string Key(Trial trial)
    {
        var canonical = (JsonObject)trial.Canonical.DeepClone();
        foreach (var section in PerTrial) canonical.Remove(section);
        var optimizer = Registries.Optimizers.Create(trial.Config.Optimizer);
        return $"{Canonical.Compact(canonical)}\nbatch_size={optimizer.BatchSize?.ToString() ?? "full"}{(optimizer.Replacement ? " with replacement" : "")}";
    }
}
