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
        { SeparableClassification.Kind, c => new SeparableClassification(c) },
        { MatrixCompletion.Kind, c => new MatrixCompletion(c) },
        { ModularAddition.Kind, c => new ModularAddition(c) },
        { RademacherRegression.Kind, c => new RademacherRegression(c) },
        { Points.Kind, c => new Points(c) },
        { Grid1d.Kind, c => new Grid1d(c) },
        { MatrixSensing.Kind, c => new MatrixSensing(c) },
        { FileData.Kind, c => new FileData(c) },
    };

    public static readonly Registry<ITarget> Targets = new("target", "sparse-linear")
    {
        { SparseLinear.Kind, c => new SparseLinear(c) },
        { SinSum.Kind, c => new SinSum(c) },
        { FixedTarget.Kind, c => new FixedTarget(c) },
        { SparseFixed.Kind, c => new SparseFixed(c) },
        { NoiseTarget.Kind, c => new NoiseTarget(c) },
        { Chebyshev.Kind, c => new Chebyshev(c) },
    };

    public static readonly Registry<IModel> Models = new("model", "linear")
    {
        { Linear.Kind, c => new Linear(c) },
        { DiagonalNet.Kind, c => new DiagonalNet(c) },
        { SingleNeuron.Kind, c => new SingleNeuron(c) },
        { Mlp.Kind, c => new Mlp(c) },
        { FactorizedMatrix.Kind, c => new FactorizedMatrix(c) },
        { EmbeddingMlp.Kind, c => new EmbeddingMlp(c) },
        { SymmetricFactorization.Kind, c => new SymmetricFactorization(c) },
        { DeepLinear.Kind, c => new DeepLinear(c) },
    };

    public static readonly Registry<IInitializer> Inits = new("init", "zeros")
    {
        { Zeros.Kind, _ => new Zeros() },
        { Normal.Kind, c => new Normal(c) },
        { ConstantInit.Kind, c => new ConstantInit(c) },
        { FanIn.Kind, c => new FanIn(c) },
        { Xavier.Kind, c => new Xavier(c) },
        { Kaiming.Kind, c => new Kaiming(c) },
        { Layers.Kind, c => new Layers(c) },
        { ReferenceInit.Kind, c => new ReferenceInit(c) },
    };

    public static readonly Registry<IOptimizer> Optimizers = new("optimizer", "gd")
    {
        { GradientDescent.Kind, c => new GradientDescent(c) },
        { Sgd.Kind, c => new Sgd(c) },
        { SignGd.Kind, c => new SignGd(c) },
        { CoordinateDescent.Kind, c => new CoordinateDescent(c) },
        { MirrorDescent.Kind, c => new MirrorDescent(c) },
        { ExactRidge.Kind, c => new ExactRidge(c) },
        { Momentum.Kind, c => new Momentum(c) },
        { Adam.Kind, c => new Adam(c) },
        { AdamW.Kind, c => new AdamW(c) },
        { SteepestDescent.Kind, c => new SteepestDescent(c) },
        { GradientFlow.Kind, c => new GradientFlow(c) },
    };

    public static readonly Registry<ISchedule> Schedules = new("schedule", "constant")
    {
        { Constant.Kind, _ => new Constant() },
        { StepDecay.Kind, c => new StepDecay(c) },
        { Cosine.Kind, c => new Cosine(c) },
    };

    public static readonly Registry<ILoss> Losses = new("loss", "mse")
    {
        { Mse.Kind, _ => new Mse() },
        { Logistic.Kind, _ => new Logistic() },
        { Exponential.Kind, _ => new Exponential() },
        { CrossEntropy.Kind, _ => new CrossEntropy() },
    };

    // Metrics are created per trial: a metric may keep state from one record to the next.
    public static readonly Registry<IMetric> Metrics = new("metric", "train_loss")
    {
        { TrainLoss.Kind, _ => new TrainLoss() },
        { TestLoss.Kind, _ => new TestLoss() },
        { WeightNorm.Kind, _ => new WeightNorm() },
        { L1Norm.Kind, _ => new L1Norm() },
        { L2Norm.Kind, _ => new L2Norm() },
        { DistToMinNorm.Kind, _ => new DistToMinNorm() },
        { DistToNearestInterpolant.Kind, _ => new DistToNearestInterpolant() },
        { DistToMinL1.Kind, _ => new DistToMinL1() },
        { DistToMinLInf.Kind, _ => new DistToMinLInf() },
        { DistToMinEntropy.Kind, _ => new DistToMinEntropy() },
        { SupportRecovery.Kind, _ => new SupportRecovery() },
        { RidgeInverseLambda.Kind, _ => new RidgeInverseLambda() },
        { DistToRidge.Kind, _ => new DistToRidge() },
        { RidgeTestLoss.Kind, _ => new RidgeTestLoss() },
        { Margin.Kind, _ => new Margin() },
        { MarginGap.Kind, _ => new MarginGap() },
        { L1MarginGap.Kind, _ => new L1MarginGap() },
        { LInfMarginGap.Kind, _ => new LInfMarginGap() },
        { AngleToSvm.Kind, _ => new AngleToSvm() },
        { CosineToSvm.Kind, _ => new CosineToSvm() },
        { LogTSlopeRatio.Kind, _ => new LogTSlopeRatio() },
        { Sharpness.Kind, _ => new Sharpness() },
        { RelativeWeightChange.Kind, _ => new RelativeWeightChange() },
        { SharpnessRatio.Kind, _ => new SharpnessRatio() },
        { SecondEigenvalue.Kind, _ => new SecondEigenvalue() },
        { StepSize.Kind, _ => new StepSize() },
        { LossIncreases.Kind, _ => new LossIncreases() },
        { NuclearNorm.Kind, _ => new NuclearNorm() },
        { EffectiveRank.Kind, _ => new EffectiveRank() },
        { SingularValue.First, _ => new SingularValue(1) },
        { SingularValue.Second, _ => new SingularValue(2) },
        { SingularValue.Third, _ => new SingularValue(3) },
        { DistToMinNuclear.Kind, _ => new DistToMinNuclear() },
        { NuclearNormGap.Kind, _ => new NuclearNormGap() },
        { MinNuclearTestLoss.Kind, _ => new MinNuclearTestLoss() },
        { TrainAccuracy.Kind, _ => new TrainAccuracy() },
        { TestAccuracy.Kind, _ => new TestAccuracy() },
        { StepsToTrain99.Kind, _ => new StepsToTrain99() },
        { StepsToTest90.Kind, _ => new StepsToTest90() },
        { GrokkingDelay.Kind, _ => new GrokkingDelay() },
        { SvmLogTResidual.Kind, _ => new SvmLogTResidual() },
        // One family of metrics per named reference (dist_to_NAME, norm_ratio_to_NAME, NAME_test_loss, excess_test_loss_over_NAME).
        { ReferenceFamily.Of(NamedReferences.MinNorm) },
        { ReferenceFamily.Of(NamedReferences.Nearest) },
        { ReferenceFamily.Of(NamedReferences.MinL1) },
        { ReferenceFamily.Of(NamedReferences.MinLInf) },
        { ReferenceFamily.Of(NamedReferences.MinEntropy) },
        { ReferenceFamily.Of(NamedReferences.Svm) },
        { ReferenceFamily.Of(NamedReferences.MinNuclear) },
        { ReferenceFamily.Of(NamedReferences.MinNuclearSensing) },
        { ReferenceFamily.Of(NamedReferences.Truth) },
        { ReferenceFamily.Of(NamedReferences.QAlpha) },
    };

    public static KindCatalog Catalog { get; } = new(
        [Data.Area, Targets.Area, Models.Area, Inits.Area, Optimizers.Area, Schedules.Area, Losses.Area],
        Metrics.Select(MetricInfo.Of));
}
