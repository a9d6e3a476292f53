using Repro.Core.Catalog;
using Repro.Engine.Data;
using Repro.Engine.Init;
using Repro.Engine.Losses;
using Repro.Engine.Metrics;
using Repro.Engine.Models;
using Repro.Engine.Optimizers;
using Repro.Engine.Schedules;

namespace Repro.Engine.Registry;

/// <summary>
/// Every kind the spec language knows, one line each. Adding an optimizer is one file under
/// Optimizers/ plus one line here. Building the catalog touches no native code.
/// </summary>
public static class Registries
{
    public static readonly Registry<IDataGenerator> Data = new("data", "gaussian-regression")
    {
        { GaussianRegression.Kind, c => new GaussianRegression(c) },
    };

    public static readonly Registry<ITarget> Targets = new("target", "sparse-linear")
    {
        { SparseLinear.Kind, c => new SparseLinear(c) },
    };

    public static readonly Registry<IModel> Models = new("model", "linear")
    {
        { Linear.Kind, c => new Linear(c) },
    };

    public static readonly Registry<IInitializer> Inits = new("init", "zeros")
    {
        { Zeros.Kind, _ => new Zeros() },
        { Normal.Kind, c => new Normal(c) },
    };

    public static readonly Registry<IOptimizer> Optimizers = new("optimizer", "gd")
    {
        { GradientDescent.Kind, c => new GradientDescent(c) },
        { Sgd.Kind, c => new Sgd(c) },
    };

    public static readonly Registry<ISchedule> Schedules = new("schedule", "constant")
    {
        { Constant.Kind, _ => new Constant() },
    };

    public static readonly Registry<ILoss> Losses = new("loss", "mse")
    {
        { Mse.Kind, _ => new Mse() },
    };

    public static readonly Registry<IMetric> Metrics = new("metric", "train_loss")
    {
        { TrainLoss.Kind, _ => new TrainLoss() },
        { TestLoss.Kind, _ => new TestLoss() },
        { WeightNorm.Kind, _ => new WeightNorm() },
        { DistToMinNorm.Kind, _ => new DistToMinNorm() },
    };

    public static KindCatalog Catalog { get; } = new(
        [Data.Area, Targets.Area, Models.Area, Inits.Area, Optimizers.Area, Schedules.Area, Losses.Area],
        Metrics.Select(m => new MetricInfo(m.Name, m.Doc)));
}
