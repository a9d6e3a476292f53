using System.Collections.Immutable;
using Repro.Core;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine.Metrics;
using Repro.Engine.Optimizers;
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
        double lr = config.Optimizer.Params.TryGetValue("lr", out var value) ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var metrics = config.Metrics.Select(name => (name, metric: Registries.Metrics.Create(new Component(name, ImmutableSortedDictionary<string, object>.Empty)))).ToList();
        using var initial = InitialCoefficients(model, parameters);
        var initialParameters = parameters.Select(p => p.detach().clone()).ToList();
        using var context = new MetricContext(data, model, parameters, loss, initial, initialParameters);
        using var batches = new BatchSampler(data.TrainSize, optimizer.BatchSize, SeedStreams.For(trial.Seed, SeedStreams.Batches), device);

        var points = new List<MetricPoint>();
        // Records every metric; says whether the training loss is still finite (metrics may be NaN by definition).
        bool Record(long step)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            context.Step = step;
            foreach (var (name, metric) in metrics)
                points.Add(new MetricPoint(step, name, metric.Compute(context).cpu().to(ScalarType.Float64).data<double>()[0]));
            return double.IsFinite(loss.Compute(model.Forward(parameters, data.XTrain), data.YTrain).sum().to(ScalarType.Float64).item<double>());
        }

        TrialResult Finish(long completed, long? diverged) =>
            new(trial.Key, points, completed, diverged, References(context));

        // 4. The loop: record at step 0, every log_every steps and at the end; stop where the loss diverges.
        context.LearningRate = lr * schedule.Factor(1, steps);
        if (!Record(0)) return Finish(0, 0);
        double previousLoss = double.PositiveInfinity;
        using var run = optimizer.Begin(parameters, new OptimizerContext(data, model));
        for (long step = 1; step <= steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            using (var stepScope = NewDisposeScope())
            {
                var (x, y) = batches.Next(data.XTrain, data.YTrain);
                var batchLoss = loss.Compute(model.Forward(parameters, x), y).sum();
                double lossValue = batchLoss.to(ScalarType.Float64).item<double>();
                if (lossValue > previousLoss) context.LossIncreases++;
                previousLoss = lossValue;
                if (!double.IsFinite(lossValue))
                {
                    if (points[^1].Step != step - 1) Record(step - 1);
                    return Finish(step - 1, step - 1);
                }
                foreach (var p in parameters) p.grad?.zero_();
                batchLoss.backward();
                double factor = schedule.Factor(step, steps);
                run.Step(factor);
                context.Time += lr * factor;
                context.LearningRate = lr * factor;
            }
            if ((step % logEvery == 0 || step == steps) && !Record(step))
                return Finish(step, step);
        }
        return Finish(steps, null);
    }

    static Tensor InitialCoefficients(Models.IModel model, IReadOnlyList<Tensor> parameters)
    {
        using var _ = no_grad();
        return model is Models.IVectorModel vector
            ? vector.Coefficients(parameters).to(ScalarType.Float64).detach().clone()
            : empty(0);
    }

    /// <summary>Every reference the metrics computed, as rows: coefficients, then named scalars.</summary>
    static List<ReferenceValue> References(MetricContext context)
    {
        var rows = new List<ReferenceValue>();
        foreach (var (name, reference) in context.References)
        {
            var values = reference.Coefficients[0].cpu().to(ScalarType.Float64).data<double>().ToArray();
            rows.AddRange(values.Select((v, i) => new ReferenceValue(name, "coefficient", i, v)));
            rows.AddRange(reference.Scalars.Select(s => new ReferenceValue(name, s.Key, null, s.Value)));
        }
        return rows;
    }

    static Device ResolveDevice(string device, bool cudaAvailable) => device switch
    {
        "cpu" => CPU,
        "auto" => cudaAvailable ? CUDA : CPU,
        "cuda" when cudaAvailable => CUDA,
        _ => throw new RunException("device: cuda was requested but CUDA is not available (this build uses the CPU libtorch); use `device: cpu` or `device: auto`"),
    };
}
