using System.Globalization;
using System.Text;

namespace Repro.Cli.Emit;

/// <summary>
/// An sbatch script for a job array of one spec's shards: `repro emit slurm` prints it for users who submit
/// themselves, and `--launcher slurm` submits it (with its own log folder and the progress channel on).
/// </summary>
/// <param name="Repro">the program the tasks run: `repro` on PATH, or the launcher's own executable</param>
/// <param name="WorkDir">the tasks' working folder (--chdir); null: where sbatch is run</param>
/// <param name="LogFolder">where task-N.out and task-N.err go; null: sbatch's default beside the working folder</param>
/// <param name="Channel">the tasks' stdout carries progress events for a waiting launcher, not their summary lines</param>
public sealed record SlurmScript(string Name, int Shards, ShardCommand Command, IReadOnlyList<string> Repro, string? Partition = null,
    string? Time = null, int CpusPerTask = 1, string? WorkDir = null, string? LogFolder = null, bool Channel = false)
{
    public string Render()
    {
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append(CultureInfo.InvariantCulture, $"# repro: the trials of {Name} in {Shards} shards, one Slurm array task each, meeting in the cache {Command.Cache}\n");
        s.Append("# (a folder every node sees). Submit it, then publish once every task has finished:\n");
        s.Append("#   job=$(sbatch --parsable THIS_FILE)\n");
        s.Append(CultureInfo.InvariantCulture, $"#   sbatch --dependency=afterok:$job --wrap {Shell.Quote(Shell.Join([.. Repro, .. Command.Publish()]))}\n");
        s.Append("# A task that fails leaves what it finished in the cache: submitting again trains only what is missing.\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={Shell.Quote("repro-" + Name)}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=1-{Shards}\n");
        s.Append("#SBATCH --ntasks=1\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={CpusPerTask}\n");
        if (Partition is not null) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={Partition}\n");
        if (Time is not null) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={Time}\n");
        if (WorkDir is not null) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={Shell.Quote(WorkDir)}\n");
        if (LogFolder is not null)
        {
            s.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Shell.Quote(Path.Combine(LogFolder, "task-%a.out"))}\n");
            s.Append(CultureInfo.InvariantCulture, $"#SBATCH --error={Shell.Quote(Path.Combine(LogFolder, "task-%a.err"))}\n");
        }
        s.Append("set -euo pipefail\n");
        if (Channel) s.Append("export REPRO_PROGRESS_CHANNEL=1\n");
        s.Append("# --shard auto: this task's part, from SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT\n");
        s.Append(CultureInfo.InvariantCulture, $"exec {Shell.Join([.. Repro, .. Command.Train("auto")])}\n");
        return s.ToString();
    }
}
