using Repro.Core.Catalog;
using Repro.Engine.Optimizers;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

// Gradient descent on the mean squared error (1/n)‖Xθ − y‖² after time τ = Σ η (summed step sizes)
// shrinks each eigendirection of XᵀX (eigenvalue s) by 1 − e^(−2sτ/n); ridge (XᵀX + λI)⁻¹Xᵀy by s/(s + λ).
// They agree to first order when λ = n/(2τ): Ali, Kolter & Tibshirani (2019)'s λ = 1/(ηt) for the ½-loss.

/// <summary>1/λ of the ridge matched to the current step: 2τ/n.</summary>
public sealed class RidgeInverseLambda : IMetric
{
    public static readonly KindInfo Kind = new("ridge_inv_lambda", "1/λ of the ridge matched to GD's step t: 2τ/n with τ = Σ η (Ali et al. 2019)", []);

    public Tensor Compute(MetricContext c) => Held.Full([c.Data.XTrain.shape[0]], 2 * c.Time / c.Data.TrainSize, ScalarType.Float64);

    /// <summary>The matched ridge solution (zero at τ = 0, where λ is infinite).</summary>
    public static Tensor Matched(MetricContext c) => c.Time == 0
        ? zeros_like(c.Coefficients())
        : ExactRidge.Solve(c.Design(), c.Targets(), c.Data.TrainSize / (2 * c.Time));
}

public sealed class DistToRidge : IMetric
{
    public static readonly KindInfo Kind = new("dist_to_ridge", "relative distance between the iterate and the matched ridge solution (λ = n/(2τ))", [])
    {
        Needs = [Need.Model(Traits.Coefficients)],
    };

    public Tensor Compute(MetricContext c) => Relative.Distance(c.Coefficients(), RidgeInverseLambda.Matched(c));
}

public sealed class RidgeTestLoss : IMetric
{
    public static readonly KindInfo Kind = new("ridge_test_loss", "test loss of the matched ridge solution (λ = n/(2τ))", [])
    {
        Needs = [Need.Model(Traits.Coefficients)],
    };

    public Tensor Compute(MetricContext c)
    {
        var x = c.VectorModel.Design(c.Data.XTest).to(ScalarType.Float64);
        var prediction = x.bmm(RidgeInverseLambda.Matched(c).unsqueeze(-1)).squeeze(-1);
        return c.Loss.Compute(prediction, c.Data.YTest.to(ScalarType.Float64));
    }
}
