using Repro.Cli.Launchers;
using Repro.Cli.Launchers.Slurm;
using Repro.Core;
using Repro.Tests.Support;

namespace Repro.Tests.Slurm;

/// <summary>The launcher's command line, `--shard auto` and the parsing of scontrol's records: no cluster needed.</summary>
public class LauncherOptionTests
{
    static string Spec => Repo.Path("specs", "min-norm-regression.yaml");

    [Theory]
    [InlineData(new[] { "--launcher", "pbs" }, "repro: --launcher pbs is not a launcher; write one of local, inprocess, slurm")]
    [InlineData(new[] { "--partition", "gpu" }, "repro: --partition is an option of --launcher slurm, not of local; add `--launcher slurm`, or leave --partition out")]
    [InlineData(new[] { "--launcher", "inprocess", "--no-wait" }, "repro: --no-wait is an option of --launcher slurm, not of inprocess; add `--launcher slurm`, or leave --no-wait out")]
    [InlineData(new[] { "--shards", "3" }, "repro: --shards is for --launcher slurm or --shard auto; use --jobs N for worker processes on this machine")]
    [InlineData(new[] { "--launcher", "slurm", "--time", "2h" }, "repro: --time 2h is not a form Slurm takes; write minutes, H:MM:SS or D-HH, e.g. `--time 2:00:00`")]
    [InlineData(new[] { "--launcher", "slurm", "--shards", "0" }, "repro: --shards must be at least 1, got 0; write e.g. `--shards 4`")]
    [InlineData(new[] { "--launcher", "slurm", "--partition", "a b" }, "repro: --partition a b is not a form Slurm takes; write the partition's name as `sinfo` lists it")]
    [InlineData(new[] { "--shard", "1/2", "--launcher", "slurm" }, "repro: --shard trains one part in this process: it takes no --launcher; leave --launcher out of a shard's command")]
    [InlineData(new[] { "--shard", "next" }, "repro: --shard next is not K/N with 1 <= K <= N, nor auto; write e.g. `--shard 2/4`, or `--shard auto` in a Slurm array task")]
    public async Task Launcher_options_that_do_not_fit_are_refused_with_the_fix(string[] options, string error)
    {
        var outcome = await ReproCli.Run(["run", Spec, .. options]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(error, outcome.ErrorLines);
    }

    [Theory]
    [InlineData(new[] { "--time", "2h" }, "repro: --time 2h is not a form Slurm takes; write minutes, H:MM:SS or D-HH, e.g. `--time 2:00:00`")]
    [InlineData(new[] { "--partition", "a;b" }, "repro: --partition a;b is not a form Slurm takes; write the partition's name as `sinfo` lists it")]
    [InlineData(new[] { "--cpus-per-task", "0" }, "repro: --cpus-per-task must be at least 1, got 0; write e.g. `--cpus-per-task 2`")]
    [InlineData(new[] { "--shards", "0" }, "repro: --shards must be at least 1, got 0; write e.g. `--shards 4`")]
    public async Task Emit_refuses_what_sbatch_would_refuse_before_it_writes_anything(string[] options, string error)
    {
        var outcome = await ReproCli.Run(["emit", "slurm", Spec, .. options.Contains("--shards") ? options : [.. options, "--shards", "2"]]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(error, outcome.ErrorLines);
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public async Task Shard_auto_outside_a_scheduler_is_a_usage_error()
    {
        var outcome = await ReproCli.Run("run", Spec, "--shard", "auto");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("repro: --shard auto found neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX: it is for a task a scheduler started; write the part yourself, e.g. `--shard 2/4`", outcome.ErrorLines);
    }

    [Fact]
    public async Task Shard_auto_in_an_array_task_trains_the_part_its_index_names()
    {
        using var temp = new TempDir();
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "7", ["SLURM_ARRAY_TASK_MIN"] = "6", ["SLURM_ARRAY_TASK_COUNT"] = "2" };
        var auto = await ReproCli.RunWith(env, "run", Spec, "--shard", "auto", "--cache", Path.Combine(temp.Path, "auto"));
        var given = await ReproCli.Run("run", Spec, "--shard", "2/2", "--cache", Path.Combine(temp.Path, "given"));
        Assert.Equal((0, 0), (auto.ExitCode, given.ExitCode));
        Assert.Contains("shard 2/2: trained 5 of 5 trials", auto.Stdout);
        Assert.Equal(CacheFolder.Entries(Path.Combine(temp.Path, "given")).Select(Path.GetFileName), CacheFolder.Entries(Path.Combine(temp.Path, "auto")).Select(Path.GetFileName));
    }

    static Func<string, string?> Env(params (string, string)[] pairs) => name => pairs.FirstOrDefault(p => p.Item1 == name).Item2;

    [Fact]
    public void Shard_auto_reads_each_schedulers_index()
    {
        Assert.Equal(new(1, 3), ShardFromEnvironment.Resolve(Env(("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "3")), null));
        Assert.Equal(new(3, 3), ShardFromEnvironment.Resolve(Env(("SLURM_ARRAY_TASK_ID", "12"), ("SLURM_ARRAY_TASK_MIN", "10"), ("SLURM_ARRAY_TASK_COUNT", "3")), null));
        // A Kubernetes Indexed Job counts from 0 and does not say how many: --shards does.
        Assert.Equal(new(1, 4), ShardFromEnvironment.Resolve(Env(("JOB_COMPLETION_INDEX", "0")), 4));
        Assert.Equal(new(4, 4), ShardFromEnvironment.Resolve(Env(("JOB_COMPLETION_INDEX", "3")), 4));
        Assert.Contains("pass --shards N", Assert.Throws<UsageException>(() => ShardFromEnvironment.Resolve(Env(("JOB_COMPLETION_INDEX", "0")), null)).Message);
        Assert.Contains("is not one of 4 shards", Assert.Throws<UsageException>(() => ShardFromEnvironment.Resolve(Env(("JOB_COMPLETION_INDEX", "4")), 4)).Message);
        Assert.Contains("disagrees with SLURM_ARRAY_TASK_COUNT=3", Assert.Throws<UsageException>(() => ShardFromEnvironment.Resolve(Env(("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "3")), 2)).Message);
        Assert.Contains("is not a whole number", Assert.Throws<UsageException>(() => ShardFromEnvironment.Resolve(Env(("SLURM_ARRAY_TASK_ID", "x"), ("SLURM_ARRAY_TASK_COUNT", "3")), null)).Message);
    }

    // Records as Slurm 22.05's `scontrol --oneliner show job` prints them (shortened to the fields read).
    const string Records = """
        JobId=3 ArrayJobId=3 ArrayTaskId=2-4%1 ArrayTaskThrottle=1 JobName=wrap JobState=PENDING Reason=JobArrayTaskLimit ExitCode=0:0
        JobId=4 ArrayJobId=3 ArrayTaskId=1 ArrayTaskThrottle=1 JobName=wrap JobState=RUNNING Reason=None ExitCode=0:0
        JobId=9 ArrayJobId=7 ArrayTaskId=6,8 JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0
        JobId=10 JobName=no-array JobState=COMPLETED ExitCode=0:0
        """;

    [Fact]
    public void Scontrol_records_give_each_array_task_its_state()
    {
        var tasks = SlurmTask.Parse(Records);
        Assert.Equal([1, 2, 3, 4, 6, 8], tasks.Select(t => t.Index));
        Assert.Equal(["RUNNING", "PENDING", "PENDING", "PENDING", "FAILED", "FAILED"], tasks.Select(t => t.State));
        Assert.Equal([false, false, false, false, true, true], tasks.Select(t => t.Finished));
        Assert.False(tasks.Single(t => t.Index == 6).Succeeded);
        Assert.True(new SlurmTask(1, "COMPLETED", "0:0").Succeeded);
        Assert.False(new SlurmTask(1, "COMPLETED", "0:9").Succeeded);
        Assert.Equal("2 failed, 1 running, 3 pending".Split(", ").Order(), SlurmLauncher.Describe(tasks, 6).Split(", ").Order());
        Assert.Equal("1 running, 2 not listed", SlurmLauncher.Describe([new SlurmTask(1, "RUNNING", "0:0")], 3));
    }

    [Fact]
    public void A_task_log_is_read_in_whole_lines_as_it_grows()
    {
        using var temp = new TempDir();
        string path = Path.Combine(temp.Path, "task-1.out");
        var log = new TaskLog(path);
        Assert.Empty(log.NewLines()); // not written yet
        File.WriteAllText(path, "first\nsec");
        Assert.Equal(["first"], log.NewLines());
        File.AppendAllText(path, "ond\r\nthird\n");
        Assert.Equal(["second", "third"], log.NewLines());
        Assert.Empty(log.NewLines());
    }
}
