namespace Repro.Cli.Emit;

/// <summary>The `repro run` argument lists a template's tasks and its publish step run: the same for every engine.</summary>
/// <param name="Spec">the spec file, as the tasks see it (relative to their working folder)</param>
/// <param name="Cache">the trial cache folder the tasks share (or each upload)</param>
public sealed record ShardCommand(string Spec, string Cache, bool Force, IReadOnlyList<string> Overrides)
{
    /// <summary>One task's shard: `--shard auto` reads the index from the scheduler's environment.</summary>
    /// <param name="shard">`auto`, or K/N written out (a CI matrix's expression)</param>
    /// <param name="count">`--shards N`, for engines whose environment gives the index only (Kubernetes)</param>
    public IReadOnlyList<string> Train(string shard, int? count = null) =>
    [
        "run", Spec, "--cache", Cache, "--shard", shard, .. count is { } n ? (string[])["--shards", n.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [],
        "--jobs", "1", .. Force ? (string[])["--force"] : [], .. Overrides.SelectMany(o => (string[])["--set", o]),
    ];

    /// <summary>The publish after every shard: finds every trial in the cache, checks the claims.</summary>
    public IReadOnlyList<string> Publish() => ["run", Spec, "--cache", Cache, "--launcher", "inprocess", .. Overrides.SelectMany(o => (string[])["--set", o])];
}
