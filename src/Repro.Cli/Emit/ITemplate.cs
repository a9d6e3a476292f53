namespace Repro.Cli.Emit;

/// <summary>
/// A file that runs one spec's shards on an engine repro does not drive itself (`repro emit KIND SPEC`), for users
/// who submit themselves. A new engine is one file plus one line in <see cref="Templates"/>.
/// </summary>
public interface ITemplate
{
    /// <summary>The name `repro emit` takes.</summary>
    string Name { get; }

    /// <summary>What the file is, for `repro emit --help`.</summary>
    string Description { get; }

    /// <summary>How the file starts repro unless `--repro` says otherwise.</summary>
    string DefaultRepro { get; }

    string Render(EmitRequest request);
}

/// <param name="Name">the spec's name (job names are made from it)</param>
/// <param name="Command">the `repro run` argument lists the shards and the publish run</param>
/// <param name="Repro">how the file starts repro: `repro` on PATH, or a command of the user's</param>
/// <param name="Image">Kubernetes: the container image holding repro and the project</param>
public sealed record EmitRequest(string Name, int Shards, ShardCommand Command, IReadOnlyList<string> Repro, string? Partition, string? Time,
    int CpusPerTask, string Image);
