namespace Repro.Engine.Init;

/// <summary>
/// What one parameter tensor is, for initializers that scale by layer or treat biases and the output layer apart:
/// its shape [K, ...], its layer (0 = first), and the fan-in and fan-out of that layer (a bias has its layer's).
/// </summary>
public sealed record ParameterRole(long[] Shape, int Layer, bool IsBias, bool IsOutput, long FanIn, long FanOut)
{
    /// <summary>A tensor on its own: fan-in its first size after the trial dimension, fan-out its second (1 when none).</summary>
    public static ParameterRole Of(long[] shape) =>
        new(shape, 0, false, false, shape.Length > 1 ? shape[1] : 1, shape.Length > 2 ? shape[2] : 1);
}
