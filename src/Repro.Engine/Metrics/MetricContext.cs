using Repro.Core;
using Repro.Engine.Data;
using Repro.Engine.Losses;
using Repro.Engine.Models;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>What a metric may look at; reference solutions are computed once per trial, on first use.</summary>
public sealed class MetricContext(Dataset data, IModel model, IReadOnlyList<Tensor> parameters, ILoss loss) : IDisposable
{
    Tensor? minNorm;

    public Dataset Data => data;
    public IModel Model => model;
    public IReadOnlyList<Tensor> Parameters => parameters;
    public ILoss Loss => loss;

    public ILinearModel LinearModel => model as ILinearModel
        ?? throw new RunException($"this metric needs a model that is linear in its parameters, not {model.GetType().Name}");

    /// <summary>
    /// The minimum-L2-norm interpolant θ = pinv(A) y of the training set, A the design matrix, in float64
    /// whatever the training dtype (equal to Aᵀ(AAᵀ)⁻¹y when A has full row rank).
    /// </summary>
    public Tensor MinNormSolution
    {
        get
        {
            if (minNorm is null)
            {
                using var scope = NewDisposeScope();
                var design = LinearModel.Design(data.XTrain).to(ScalarType.Float64);
                var y = data.YTrain.to(ScalarType.Float64).unsqueeze(-1);
                minNorm = linalg.pinv(design).bmm(y).squeeze(-1).DetachFromDisposeScope();
            }
            return minNorm;
        }
    }

    public void Dispose() => minNorm?.Dispose();
}
