namespace Repro.Core;

/// <summary>
/// A valid spec that could not be run here: no CUDA, a reference solver that found no solution, a trial
/// that could not be trained. Exit 3. `verify` and `watch` report it for its spec and go on with the others.
/// </summary>
public sealed class RunException(string message, Exception? inner = null) : Exception(message, inner);
