using Repro.Core;
using Repro.Core.Claims;
using Repro.Core.Spec;

namespace Repro.Cli.Verification;

/// <summary>
/// What verifying one spec found: its claim outcomes, or the spec errors / run failure that stopped it.
/// <see cref="File"/> is the spec's path relative to the working directory, with '/' (what CI annotations need).
/// </summary>
public sealed record SpecVerdict(string File, string Name, IReadOnlyList<ClaimOutcome> Claims, IReadOnlyList<SpecError> Errors,
    string? Failure, string Source, TimeSpan Elapsed)
{
    public int Failed => Claims.Count(c => !c.Passed);

    /// <summary>Why the spec's published folder was not used though it is there (it failed its checks), if so.</summary>
    public string? Note { get; init; }

    /// <summary>2 for a bad spec, 3 for a failed run, 1 when a claim failed, else 0.</summary>
    public int ExitCode => Errors.Count > 0 ? ExitCodes.BadInput
        : Failure is not null ? ExitCodes.RunFailed
        : Failed > 0 ? ExitCodes.ClaimFailed
        : ExitCodes.Ok;

    public static SpecVerdict Checked(string file, string name, IReadOnlyList<ClaimOutcome> claims, string source, TimeSpan elapsed) =>
        new(file, name, claims, [], null, source, elapsed);

    public static SpecVerdict Invalid(string file, IReadOnlyList<SpecError> errors) =>
        new(file, Path.GetFileNameWithoutExtension(file), [], errors, null, "not run: invalid spec", TimeSpan.Zero);

    public static SpecVerdict RunFailed(string file, string name, string failure, TimeSpan elapsed) =>
        new(file, name, [], [], failure, "run failed", elapsed);

    /// <summary>
    /// What stopped a spec's run, in one line: the message of a run-phase failure (a failed run, a damaged file,
    /// the disk); for anything else, a bug, its type too.
    /// </summary>
    public static string Describe(Exception e) => e is RunException or ArtifactException or IOException or UnauthorizedAccessException
        ? Engine.Runtime.Libtorch.FirstLine(e.Message)
        : $"{e.GetType().Name}: {Engine.Runtime.Libtorch.FirstLine(e.Message)}";

    /// <summary>The overall exit code: the most severe spec's (run failure 3 > bad input 2 > claim failed 1).</summary>
    public static int Overall(IEnumerable<SpecVerdict> verdicts) => verdicts.Select(v => v.ExitCode).DefaultIfEmpty(ExitCodes.Ok).Max();
}
