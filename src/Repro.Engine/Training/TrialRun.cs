using System.Collections.Immutable;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Core.Spec;
using Repro.Engine.Data;
using Repro.Engine.Losses;
using Repro.Engine.Metrics;
using Repro.Engine.Models;
using Repro.Engine.Optimizers;
using Repro.Engine.Registry;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// One trial inside a batch: its own data, initial parameters, random streams, metric context and
/// recorded points. Metrics see the trial as a batch of one (K = 1), on leaf copies of its rows of
/// the batch parameters, so every metric computes exactly what it computes for the trial alone.
/// Its tensors live in the caller's dispose scope.
/// </summary>
sealed class TrialRun : IDisposable
{
    readonly IModel model;
    readonly ILoss loss;
    readonly List<(string Name, IMetric Metric)> metrics;
    readonly List<MetricPoint> points = [];
    double previousLoss = double.PositiveInfinity;

    public Trial Trial { get; }
    public Dataset Data { get; }
    /// <summary>The trial's parameters as K = 1 leaves: its initial sample, later overwritten with its rows at each record.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }
    public MetricContext Context { get; }
    public BatchSampler Batches { get; }
    /// <summary>
    /// The trial's step size η, which the schedule scales: the optimizer's <see cref="Optimizers.IOptimizer.StepSize"/>
    /// resolved by its `lr_scale` on this trial's data and initial parameters (<see cref="Optimizers.StepSizes"/>).
    /// </summary>
    public double Lr { get; }
    public TrialResult? Result { get; private set; }

    public TrialRun(Trial trial, IModel model, ILoss loss, ScalarType dtype, Device device)
    {
        Trial = trial;
        this.model = model;
        this.loss = loss;
        var config = trial.Config;

        // Data, drawn from the trial's own stream in float64, then cast.
        using (var dataGen = SeedStreams.For(trial.Seed, SeedStreams.Data))
            Data = Registries.Data.Create(config.Data).Generate(dataGen).To(dtype, device);

        var init = Registries.Inits.Create(config.Init);
        using (var initGen = SeedStreams.For(trial.Seed, SeedStreams.Init))
            Parameters = [.. init.Start(model, Data, initGen).Select(t => t.to(dtype, device).requires_grad_(true))];

        var optimizer = Registries.Optimizers.Create(config.Optimizer);
        metrics = [.. config.Metrics.Select(name => (name, Registries.Metrics.Create(new Component(name, ImmutableSortedDictionary<string, object>.Empty))))];
        var initialParameters = Parameters.Select(p => p.detach().clone()).ToList();
        Context = new MetricContext(Data, model, Parameters, loss, InitialCoefficients(model, Parameters), initialParameters)
        {
            Eigensolver = config.EigensolverOrDefault,
        };
        Lr = StepSizes.Resolve(config.Optimizer, optimizer.StepSize, Context);
        Batches = new BatchSampler(Data.TrainSize, optimizer.BatchSize, optimizer.Replacement, SeedStreams.For(trial.Seed, SeedStreams.Batches), device);
    }

    public bool Finished => Result is not null;

    /// <summary>Copies this trial's rows of the batch parameters into its K = 1 leaves.</summary>
    public void Load(IReadOnlyList<Tensor> rows)
    {
        using var _ = no_grad();
        for (int i = 0; i < Parameters.Count; i++) Parameters[i].copy_(rows[i]);
    }

    /// <summary>Records every metric at <paramref name="step"/>; says whether the full training loss is still finite (metrics may be NaN by definition).</summary>
    public bool Record(long step)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Context.Step = step;
        foreach (var (name, metric) in metrics)
            points.Add(new MetricPoint(step, name, metric.Compute(Context).cpu().to(ScalarType.Float64).data<double>()[0]));
        return double.IsFinite(loss.Compute(model.Forward(Parameters, Data.XTrain), Data.YTrain).sum().to(ScalarType.Float64).item<double>());
    }

    /// <summary>Whether `train.until` holds on what was just recorded at <paramref name="step"/>.</summary>
    public bool Reached(StopRule? until, long step) =>
        until is not null && points.LastOrDefault(p => p.Step == step && p.Metric == until.Metric) is { } point && until.Holds(point.Value);

    /// <summary>Takes this step's minibatch loss; false when it is NaN or infinite (the trial diverged before this step).</summary>
    public bool Observe(double lossValue)
    {
        if (lossValue > previousLoss) Context.LossIncreases++;
        previousLoss = lossValue;
        return double.IsFinite(lossValue);
    }

    /// <summary>Advances the training clock by one step at schedule factor <paramref name="factor"/>.</summary>
    public void Advance(double factor)
    {
        Context.Time += Lr * factor;
        Context.LearningRate = Lr * factor;
    }

    /// <summary>Ends the trial: the last recorded step is <paramref name="completed"/> (recorded now if it was not).</summary>
    public void Finish(long completed, long? diverged)
    {
        if (diverged is not null && points[^1].Step != completed) Record(completed);
        Result = new TrialResult(Trial.Key, points, completed, diverged, References(Context)) { Weights = Weights() };
    }

    /// <summary>The parameters as they are now (the last loaded rows), named by their layer role where the model has layers.</summary>
    List<ParameterTensor> Weights()
    {
        using var _ = no_grad();
        var roles = model.Roles(1, Data.Features);
        bool layered = roles.Any(r => r.Layer > 0 || r.IsBias);
        var weights = new List<ParameterTensor>();
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            string name = layered && i < roles.Count ? $"layer{roles[i].Layer}.{(roles[i].IsBias ? "bias" : "weight")}" : $"param{i}";
            if (weights.Any(w => w.Name == name)) name = $"param{i}"; // a model whose roles repeat: the position still tells
            weights.Add(new ParameterTensor(name, [.. p.shape.Skip(1)], p.detach().cpu().to(ScalarType.Float64).data<double>().ToArray()));
        }
        return weights;
    }

    static Tensor InitialCoefficients(IModel model, IReadOnlyList<Tensor> parameters)
    {
        using var _ = no_grad();
        return model is IVectorModel vector
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

    public void Dispose()
    {
        foreach (var (_, metric) in metrics) metric.Dispose();
        Context.Dispose();
        Batches.Dispose();
        Data.Dispose();
    }
}
