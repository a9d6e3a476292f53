using System.Globalization;
using Repro.Core;
using Repro.Core.Plan;

namespace Repro.Cli.Launchers;

/// <summary>
/// `--shard auto`: the part of the plan this task trains, from the scheduler that started it: a Slurm array task
/// (SLURM_ARRAY_TASK_ID counted from SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job's pod
/// (JOB_COMPLETION_INDEX from 0, of `--shards N`, which the Job's environment does not carry).
/// </summary>
public static class ShardFromEnvironment
{
    public const string Auto = "auto";

    public static Shard Resolve(Func<string, string?> environment, int? shards)
    {
        if (environment("SLURM_ARRAY_TASK_ID") is { } id)
        {
            int task = Int("SLURM_ARRAY_TASK_ID", id);
            int min = environment("SLURM_ARRAY_TASK_MIN") is { } m ? Int("SLURM_ARRAY_TASK_MIN", m) : 1;
            int count = environment("SLURM_ARRAY_TASK_COUNT") is { } c ? Int("SLURM_ARRAY_TASK_COUNT", c)
                : shards ?? throw Fail.Usage("--shard auto found SLURM_ARRAY_TASK_ID but no SLURM_ARRAY_TASK_COUNT (Slurm before 17.11?)", "pass --shards N, the array's size");
            if (shards is { } n && n != count)
                throw Fail.Usage($"--shards {n} disagrees with SLURM_ARRAY_TASK_COUNT={count}", "leave --shards out under a Slurm array, or submit an array of that size");
            return Check(task - min + 1, count, $"SLURM_ARRAY_TASK_ID={task} (from SLURM_ARRAY_TASK_MIN={min})");
        }
        if (environment("JOB_COMPLETION_INDEX") is { } index)
        {
            int count = shards ?? throw Fail.Usage("--shard auto found JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) but not how many shards there are",
                "pass --shards N, the Job's completions");
            return Check(Int("JOB_COMPLETION_INDEX", index) + 1, count, $"JOB_COMPLETION_INDEX={index}");
        }
        throw Fail.Usage("--shard auto found neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX: it is for a task a scheduler started",
            "write the part yourself, e.g. `--shard 2/4`");
    }

    static Shard Check(int k, int n, string from) => k >= 1 && k <= n ? new Shard(k, n)
        : throw Fail.Usage($"--shard auto: {from} is not one of {n} shards", "give the array or Job as many tasks as --shards says");

    static int Int(string name, string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
        : throw Fail.Usage($"--shard auto: {name}={value} is not a whole number", "run it as the scheduler starts it, or write the part yourself, e.g. `--shard 2/4`");
}
