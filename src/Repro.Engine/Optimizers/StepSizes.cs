using Repro.Core.Catalog;
using Repro.Core;
using Repro.Core.Spec;
using Repro.Engine.Metrics;
using static TorchSharp.torch;

namespace Repro.Engine.Optimizers;

/// <summary>
/// Step sizes relative to the trial's own problem: `lr_scale`, one parameter that every optimizer with an `lr`
/// declares (<see cref="Relative"/>), makes η = lr / λ with λ a curvature of the problem at initialization, resolved
/// per trial before training. Then `lr: 1` means "1/λ" for every seed, as papers state their step sizes.
/// </summary>
public static class StepSizes
{
    public const string None = "none", Sharpness = "sharpness", Design = "design";

    // Added after results were published: at `none` it stays out of the canonical form, so published keys stay.
    public static readonly ParamInfo Scale = ParamInfo.OneOf("lr_scale", None,
        "η = lr / λ per trial: none (η = lr); sharpness: λ = λmax(∇²L(θ₀)), the full-batch training loss's Hessian at initialization (power iteration, as the metric); design: λ = σmax(X)²/n = λmax(XᵀX/n), the data's (for mse on a linear model ∇²L = 2XᵀX/n, so lr 0.5 is 1/λmax(∇²L) and lr 1 GD's stability limit)",
        None, Sharpness, Design) with { Added = true };

    static readonly Need DesignNeed =
        Need.Model(Traits.Coefficients, "lr_scale design reads the design matrix X of the model's coefficients").When(Scale.Name, v => Equals(v, Design));

    /// <summary>An optimizer kind with `lr_scale` after its parameters, and the need that `design` brings.</summary>
    public static KindInfo Relative(KindInfo kind) => kind with { Params = [.. kind.Params, Scale], Needs = [.. kind.Needs, DesignNeed] };

    /// <summary>
    /// η for this trial: <paramref name="lr"/> (the kind's <see cref="IOptimizer.StepSize"/>) divided by the curvature
    /// `lr_scale` names, read from the trial's data and initial parameters (<paramref name="context"/> at step 0).
    /// </summary>
    /// <exception cref="RunException">the curvature is not a positive number (a Hessian with no positive curvature at θ₀)</exception>
    public static double Resolve(Component optimizer, double lr, MetricContext context)
    {
        if (!optimizer.Params.TryGetValue(Scale.Name, out var value) || value is not string scale || scale == None) return lr;
        double curvature = scale == Sharpness ? Metrics.Sharpness.Of(context) : DesignCurvature(context);
        if (!(curvature > 0 && double.IsFinite(curvature)))
            throw new RunException($"optimizer.lr_scale {scale}: the curvature at initialization is {curvature:R}, so lr / λ is no step size; use lr_scale none (or another init, for sharpness)");
        return lr / curvature;
    }

    /// <summary>λmax(XᵀX/n) = σmax(X)²/n of the trial's design matrix, from its singular values.</summary>
    static double DesignCurvature(MetricContext context)
    {
        using var scope = NewDisposeScope();
        var x = context.Design();
        double sigma = linalg.svdvals(x).max().item<double>();
        return sigma * sigma / x.shape[1];
    }
}
