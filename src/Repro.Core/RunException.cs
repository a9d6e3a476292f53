namespace Repro.Core;

/// <summary>A valid spec that could not be run here (no CUDA, a metric that does not fit the model, ...).</summary>
public sealed class RunException(string message, Exception? inner = null) : Exception(message, inner);
