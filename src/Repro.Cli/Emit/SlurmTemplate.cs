namespace Repro.Cli.Emit;

/// <summary>`repro emit slurm`: the sbatch job array `--launcher slurm` submits, for users who submit it themselves.</summary>
public sealed class SlurmTemplate : ITemplate
{
    public string Name => "slurm";

    public string DefaultRepro => "repro";

    public string Description => "an sbatch script: one job array, a task per shard (submit it, then the publish it names)";

    public string Render(EmitRequest r) =>
        new SlurmScript(r.Name, r.Shards, r.Command, r.Repro, r.Partition, r.Time, r.CpusPerTask).Render();
}
