using System.Text.Json.Serialization;

namespace Repro.Core.History;

/// <summary>One published file as the ledger keeps it: its bytes are in the <see cref="ObjectStore"/> under the SHA-256.</summary>
public sealed record LedgerFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("bytes")] long Bytes);

/// <summary>
/// One publish of one spec, as `repro history` lists it and `repro diff @N` reads it back. Written once, never
/// changed: <see cref="Index"/> counts every publish into this ledger from 1.
/// </summary>
public sealed record LedgerEntry(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("time_utc")] string TimeUtc,
    [property: JsonPropertyName("spec")] string Spec,
    [property: JsonPropertyName("spec_file")] string SpecFile,
    [property: JsonPropertyName("spec_hash")] string SpecHash,
    [property: JsonPropertyName("content_sha256")] string ContentSha256,
    [property: JsonPropertyName("git_commit")] string? GitCommit,
    [property: JsonPropertyName("git_dirty")] bool? GitDirty,
    [property: JsonPropertyName("trials_trained")] int TrialsTrained,
    [property: JsonPropertyName("trials_from_cache")] int TrialsFromCache,
    [property: JsonPropertyName("claims_passed")] int ClaimsPassed,
    [property: JsonPropertyName("claims_failed")] int ClaimsFailed,
    [property: JsonPropertyName("written")] bool Written,
    [property: JsonPropertyName("files")] IReadOnlyList<LedgerFile> Files);
