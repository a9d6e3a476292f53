namespace Repro.Core;

/// <summary>
/// A file repro wrote earlier (a cache entry, a published folder, a lock) that is unreadable or fails its checks
/// and cannot simply be recomputed: exit 3, naming the path. Where it can be recomputed, callers do that instead.
/// </summary>
public sealed class ArtifactException(string path, string problem, Exception? inner = null) : Exception($"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}
