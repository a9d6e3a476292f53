using System.Globalization;

namespace Repro.Core.Spec;

/// <summary>
/// How large a spec may make a plan: checked when the spec is bound, before anything is allocated, so a
/// typo'd sweep or size is refused with the size it would need instead of running out of memory later.
/// Set by REPRO_MAX_TRIALS (trials per plan) and REPRO_MAX_TRIAL_BYTES (bytes per trial: its data and its parameters
/// with their copies, as the data and model kinds estimate them from their sizes; see Binding/CompatibilityRules.cs).
/// </summary>
public sealed record SpecLimits(long MaxTrials, long MaxTrialBytes)
{
    public const string TrialsVariable = "REPRO_MAX_TRIALS";
    public const string BytesVariable = "REPRO_MAX_TRIAL_BYTES";

    /// <summary>100,000 trials and 4 GiB per trial: far beyond the bundled specs (at most 60 trials, a few MB each).</summary>
    public static SpecLimits Default { get; } = new(100_000, 4L << 30);

    /// <summary>The defaults, with either bound replaced by its environment variable where that is a whole number >= 1.</summary>
    public static SpecLimits FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        static long? Read(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v >= 1 ? v : null;
        return new(Read(environment(TrialsVariable)) ?? Default.MaxTrials, Read(environment(BytesVariable)) ?? Default.MaxTrialBytes);
    }
}
