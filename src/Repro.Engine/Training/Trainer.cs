using Repro.Core;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Engine.Metrics;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>Trains one trial, top to bottom. Every tensor of a step lives in that step's dispose scope.</summary>
public static class Trainer
{
    public static TrialResult Run(Trial trial, CancellationToken cancel = default)
    {
        bool cuda = TorchRuntime.Start();
        var config = trial.Config;
        var device = ResolveDevice(config.Device, cuda);
        var dtype = config.Dtype == "float32" ? ScalarType.Float32 : ScalarType.Float64;
        long steps = config.Train.Steps, logEvery = config.Train.LogEvery;

        using var trialScope = NewDisposeScope();

        // 1. Data, drawn from the trial's own stream in float64, then cast.
        using var dataGen = SeedStreams.For(trial.Seed, SeedStreams.Data);
        using var data = Registries.Data.Create(config.Data).Generate(dataGen).To(dtype, device);

        // 2. Model parameters, leading trial dimension K = 1.
        var model = Registries.Models.Create(config.Model);
        var init = Registries.Inits.Create(config.Init);
        using var initGen = SeedStreams.For(trial.Seed, SeedStreams.Init);
        var parameters = model.Shapes(1, data.Features)
            .Select(shape => init.Sample(shape, initGen).to(dtype, device).requires_grad_(true))
            .ToList();

        // 3. Loss, optimizer, schedule, metrics.
        var loss = Registries.Losses.Create(config.Loss);
        var optimizer = Registries.Optimizers.Create(config.Optimizer);
        var schedule = Registries.Schedules.Create(config.Schedule);
        var metrics = config.Metrics.Select(name => (name, metric: Registries.Metrics.Create(new Repro.Core.Spec.Component(name, System.Collections.Immutable.ImmutableSortedDictionary<string, object>.Empty)))).ToList();
        using var context = new MetricContext(data, model, parameters, loss);
        using var batches = new BatchSampler(data.TrainSize, optimizer.BatchSize, SeedStreams.For(trial.Seed, SeedStreams.Batches), device);

        var points = new List<MetricPoint>();
        bool Record(long step)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            bool finite = true;
            foreach (var (name, metric) in metrics)
            {
                double value = metric.Compute(context).cpu().data<double>()[0];
                finite &= double.IsFinite(value);
                points.Add(new MetricPoint(step, name, value));
            }
            return finite;
        }

        // 4. The loop: record at step 0, every log_every steps and at the end; stop where the loss diverges.
        Record(0);
        using var run = optimizer.Begin(parameters);
        for (long step = 1; step <= steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            using (var stepScope = NewDisposeScope())
            {
                var (x, y) = batches.Next(data.XTrain, data.YTrain);
                var value = loss.Compute(model.Forward(parameters, x), y).sum();
                if (!double.IsFinite(value.to(ScalarType.Float64).item<double>()))
                    return Diverged(trial, points, step - 1, Record);
                foreach (var p in parameters) p.grad?.zero_();
                value.backward();
                run.Step(schedule.Factor(step, steps));
            }
            if ((step % logEvery == 0 || step == steps) && !Record(step))
                return new TrialResult(trial.Key, points, step, step);
        }
        return new TrialResult(trial.Key, points, steps, null);
    }

    // The loss of the batch about to be taken is NaN or infinite: record the state reached, stop.
    static TrialResult Diverged(Trial trial, List<MetricPoint> points, long completed, Func<long, bool> record)
    {
        if (points.Count == 0 || points[^1].Step != completed) record(completed);
        return new TrialResult(trial.Key, points, completed, completed);
    }

    static Device ResolveDevice(string device, bool cudaAvailable) => device switch
    {
        "cpu" => CPU,
        "auto" => cudaAvailable ? CUDA : CPU,
        "cuda" when cudaAvailable => CUDA,
        _ => throw new RunException("device: cuda was requested but CUDA is not available (this build uses the CPU libtorch); use `device: cpu` or `device: auto`"),
    };
}
