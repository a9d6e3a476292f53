using static TorchSharp.torch;

namespace Repro.Engine.Losses;

/// <summary>A `loss:` kind: predictions and targets [K, n] → one loss per trial [K].</summary>
public interface ILoss
{
    Tensor Compute(Tensor prediction, Tensor target);
}
