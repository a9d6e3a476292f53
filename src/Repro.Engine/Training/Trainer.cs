using Repro.Core;
using Repro.Core.Plan;
using Repro.Core.Progress;
using Repro.Core.Results;
using Repro.Engine.Data;
using Repro.Engine.Optimizers;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Trains trials, top to bottom, as one tensor program with a leading trial dimension K. A trial alone
/// is a batch of one, through the same code. Every tensor of a step lives in that step's dispose scope.
/// </summary>
public static class Trainer
{
    /// <summary>Trains one trial, as a batch of one.</summary>
    public static TrialResult Run(Trial trial, CancellationToken cancel = default) => Run(Batching.One(trial), cancel)[0];

    /// <summary>
    /// Trains a batch that <see cref="Batching"/> made; results come back in the batch's order.
    /// Each trial's result equals training it alone, bit for bit.
    /// </summary>
    /// <param name="progress">told after every step where the batch stands (from values the step computes anyway)</param>
    public static IReadOnlyList<TrialResult> Run(TrialBatch batch, CancellationToken cancel = default, IProgress<BatchProgress>? progress = null)
    {
        bool cuda = TorchRuntime.Start();
        var trials = batch.Trials;
        var config = batch.Shared;
        var device = ResolveDevice(config.Device, cuda);
        var dtype = config.Dtype == "float32" ? ScalarType.Float32 : ScalarType.Float64;
        long steps = config.Train.Steps, logEvery = config.Train.LogEvery;

        using var batchScope = NewDisposeScope();
        var model = Registries.Models.Create(config.Model);
        var loss = Registries.Losses.Create(config.Loss);
        var schedule = Registries.Schedules.Create(config.Schedule);
        // The gradient without autograd where the model and the loss have one of autograd's own ops (LeanGradient).
        var lean = LeanGradient.Of(model, loss);

        // 1. Each trial alone: its data, initial parameters, streams, metric context (K = 1) and step size η.
        // 2. Rows grouped by optimizer setting and η (lr_scale resolves it per trial): a group's parameters are
        //    leaves [k, ...] with one optimizer run, so a per-trial η is a scalar of its group's run, exactly as
        //    when the trial runs alone.
        var created = new List<TrialRun>();
        var groups = new List<Group>();
        try
        {
            foreach (var trial in trials) created.Add(new TrialRun(trial, model, loss, dtype, device));
            foreach (var same in created.GroupBy(run => (run.Trial.Config.Optimizer, run.Lr)))
                groups.Add(new Group([.. same]));
            var runs = groups.SelectMany(g => g.Runs).ToList();
            var data = runs.Count == 1 ? runs[0].Data : Stack(runs);
            int offset = 0;
            foreach (var group in groups)
            {
                group.Begin(offset, Rows(data, offset, group.Runs.Count), model, loss);
                offset += group.Runs.Count;
            }
            var sampling = Registries.Optimizers.Create(config.Optimizer); // minibatch size and replacement: shared by every row (Batching)

            // Every trial's rows of the batch parameters, as [1, ...] views made once: updates happen in place.
            var rows = groups.SelectMany(g => g.Runs.Select((run, row) => (run, views: g.Parameters.Select(p => p.detach().narrow(0, row, 1)).ToList())))
                .ToDictionary(r => r.run, r => r.views);

            // 3. The loop: record at step 0, every log_every steps and at the end; a trial whose loss
            //    diverges, or that reaches train.until, stops there (its rows go on in the batch, isolated:
            //    nothing mixes trials).
            foreach (var run in runs)
            {
                run.Context.LearningRate = run.Lr * schedule.Factor(1, steps);
                if (!run.Record(0)) run.Finish(0, 0);
                else if (run.Reached(config.Train.Until, 0)) run.Finish(0, null);
            }
            for (long step = 1; step <= steps && runs.Any(r => !r.Finished); step++)
            {
                cancel.ThrowIfCancellationRequested();
                using (var stepScope = NewDisposeScope())
                {
                    var parameters = groups.Count == 1
                        ? groups[0].Parameters
                        : [.. Enumerable.Range(0, groups[0].Parameters.Count).Select(i => cat(groups.Select(g => g.Parameters[i]).ToList(), 0))];
                    var (x, y) = Minibatch(runs, data, sampling.BatchSize, sampling.Replacement);
                    Tensor perTrial;
                    IReadOnlyList<Tensor>? leanGradients = null;
                    if (lean is not null) (perTrial, leanGradients) = lean.Step(loss, parameters, x, y);
                    else perTrial = loss.Compute(model.Forward(parameters, x), y);
                    var values = Readback(perTrial);
                    for (int k = 0; k < runs.Count; k++)
                    {
                        if (runs[k].Finished || runs[k].Observe(values[k])) continue;
                        runs[k].Load(rows[runs[k]]);
                        runs[k].Finish(step - 1, step - 1);
                    }
                    foreach (var group in groups)
                        foreach (var p in group.Parameters) p.grad?.zero_();
                    if (leanGradients is null) perTrial.sum().backward();
                    else
                        foreach (var group in groups)
                            for (int i = 0; i < group.Parameters.Count; i++)
                                LeanGradient.Accumulate(group.Parameters[i], groups.Count == 1 ? leanGradients[i] : leanGradients[i].narrow(0, group.Offset, group.Runs.Count));
                    double factor = schedule.Factor(step, steps);
                    var lossRows = perTrial.detach();
                    foreach (var group in groups) group.Optimizer!.Step(factor, lossRows.narrow(0, group.Offset, group.Runs.Count));
                    foreach (var run in runs) run.Advance(factor);
                    if (progress is not null)
                    {
                        var (min, max) = BatchProgress.Range(values, k => !runs[k].Finished);
                        progress.Report(new BatchProgress(runs.Count, runs.Count(r => r.Finished), step, steps, min, max));
                    }
                }
                if (step % logEvery != 0 && step != steps) continue;
                foreach (var run in runs.Where(r => !r.Finished))
                {
                    run.Load(rows[run]);
                    if (!run.Record(step)) run.Finish(step, step);
                    else if (run.Reached(config.Train.Until, step)) run.Finish(step, null); // train.until: stopped, not diverged
                }
            }
            foreach (var run in runs.Where(r => !r.Finished)) run.Finish(steps, null);
            return [.. trials.Select(t => runs.First(r => ReferenceEquals(r.Trial, t)).Result!)];
        }
        finally
        {
            foreach (var group in groups) group.Dispose();
            foreach (var run in created) run.Dispose();
        }
    }

    /// <summary>
    /// Each trial's loss as doubles, read through one span over the tensor's memory: element by element
    /// (`data&lt;double&gt;().ToArray()`) it costs a native call per trial, every step.
    /// </summary>
    static double[] Readback(Tensor perTrial)
    {
        var t = perTrial.detach();
        if (t.dtype != ScalarType.Float64 || t.device_type != TorchSharp.DeviceType.CPU) t = t.to(ScalarType.Float64).cpu();
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(t.contiguous().bytes).ToArray();
    }

    /// <summary>Trials whose optimizer settings and step sizes are equal: their rows of the batch, and one optimizer run over them.</summary>
    sealed class Group(List<TrialRun> runs) : IDisposable
    {
        public List<TrialRun> Runs => runs;
        /// <summary>The group's first row in the batch.</summary>
        public int Offset { get; private set; }
        public IReadOnlyList<Tensor> Parameters { get; } = [.. Enumerable.Range(0, runs[0].Parameters.Count)
            .Select(i => (runs.Count == 1 ? runs[0].Parameters[i].detach().clone() : cat(runs.Select(r => r.Parameters[i].detach()).ToList(), 0)).requires_grad_(true))];
        public IOptimizerRun? Optimizer { get; private set; }

        /// <param name="data">the group's rows of the batch data (closed-form optimizers solve on them, integrators take gradients on them)</param>
        public void Begin(int offset, Dataset data, Models.IModel model, Losses.ILoss loss)
        {
            Offset = offset;
            Optimizer = Registries.Optimizers.Create(runs[0].Trial.Config.Optimizer).Begin(Parameters, new OptimizerContext(data, model, loss, runs[0].Lr));
        }

        public void Dispose() => Optimizer?.Dispose();
    }

    /// <summary>Rows [offset, offset + count) of a dataset, as views.</summary>
    static Dataset Rows(Dataset data, int offset, int count)
    {
        if (offset == 0 && count == data.XTrain.shape[0]) return data;
        Tensor Narrow(Tensor t) => t.narrow(0, offset, count);
        return new Dataset(Narrow(data.XTrain), Narrow(data.YTrain), Narrow(data.XTest), Narrow(data.YTest), data.Truth is null ? null : Narrow(data.Truth));
    }

    /// <summary>The batch's data: each trial's rows, stacked along K.</summary>
    static Dataset Stack(IReadOnlyList<TrialRun> runs)
    {
        var data = runs.Select(r => r.Data).ToList();
        Tensor Cat(Func<Dataset, Tensor> part) => cat(data.Select(part).ToList(), 0);
        return new Dataset(Cat(d => d.XTrain), Cat(d => d.YTrain), Cat(d => d.XTest), Cat(d => d.YTest),
            data[0].Truth is null ? null : Cat(d => d.Truth!));
    }

    /// <summary>This step's examples: every trial draws its own minibatch from its own stream (with replacement even b = n is a sample).</summary>
    static (Tensor X, Tensor Y) Minibatch(IReadOnlyList<TrialRun> runs, Dataset data, long? batchSize, bool replacement)
    {
        if (batchSize is not { } b || (b >= data.TrainSize && !replacement)) return (data.XTrain, data.YTrain);
        var index = stack(runs.Select(r => r.Batches.Indices()).ToList(), 0);                   // [K, b]
        return (Gather(data.XTrain, index), Gather(data.YTrain, index));
    }

    /// <summary>Rows index[k] of t[k] for every trial k: t [K, n, ...], index [K, b] → [K, b, ...].</summary>
    static Tensor Gather(Tensor t, Tensor index)
    {
        var shape = t.shape.ToArray();
        var expanded = index.view([.. index.shape, .. Enumerable.Repeat(1L, shape.Length - 2)]);
        shape[1] = index.shape[1];
        return t.gather(1, expanded.expand(shape));
    }

    static Device ResolveDevice(string device, bool cudaAvailable) => device switch
    {
        "cpu" => CPU,
        "auto" => cudaAvailable ? CUDA : CPU,
        "cuda" when cudaAvailable => CUDA,
        _ => throw new RunException("device: cuda was requested but CUDA is not available (this build uses the CPU libtorch); use `device: cpu` or `device: auto`"),
    };
}
