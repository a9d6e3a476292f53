using Repro.Core.Spec;

namespace Repro.Core;

/// <summary>
/// The named factories for failures, one per phase. The phase decides the exit code (ReproApp maps them):
/// spec and usage errors are bad input (2), artifact and run errors are failures to run (3). Anything else
/// that escapes is a bug.
/// </summary>
public static class Fail
{
    /// <summary>A value in a spec (or an override of it): `file:line:col: problem; fix`.</summary>
    public static SpecException Spec(Mark where, string problem, string fix) => new(new SpecError(where, problem, fix));

    /// <summary>The command line itself.</summary>
    public static UsageException Usage(string problem, string fix) => new(problem, fix);

    /// <summary>Something on disk that repro wrote and now cannot trust or read.</summary>
    public static ArtifactException Artifact(string path, string problem, Exception? inner = null) => new(path, problem, inner);

    /// <summary>A valid spec that could not be run: training, a reference solver, the device.</summary>
    public static RunException Run(string message, Exception? inner = null) => new(message, inner);
}
