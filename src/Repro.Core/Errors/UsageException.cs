namespace Repro.Core;

/// <summary>A command line that cannot mean anything (an unknown option, `--jobs 0`, a bad `--shard`): exit 2, one line.</summary>
public sealed class UsageException(string problem, string fix) : Exception($"{problem}; {fix}")
{
    public string Problem { get; } = problem;
    public string Fix { get; } = fix;
}
