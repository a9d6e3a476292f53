using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Repro.Tests.Support;

namespace Repro.Tests.Slurm;

/// <summary>
/// `repro run --launcher slurm` against a live one-node Slurm cluster: a job array trains the shards, the calling
/// process publishes without training, the bytes equal one process's, and a task killed mid-run is reported and
/// its trials alone trained by the rerun.
/// </summary>
[Trait("Category", "slurm")]
public partial class SlurmLauncherTests(SlurmCluster cluster) : IClassFixture<SlurmCluster>
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    static string Spec => Repo.Path("specs", "min-norm-regression.yaml");

    static Dictionary<string, byte[]> Published(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .Where(f => Path.GetFileName(f) is not ("provenance.json" or "manifest.json"))
        .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    static JsonObject Document(ReproProcess run) => (JsonObject)JsonNode.Parse(run.Stdout)!;

    [SlurmFact]
    public async Task Two_array_tasks_train_the_shards_and_the_publish_trains_nothing_and_equals_one_process()
    {
        using var temp = new TempDir();
        using var run = ReproProcess.StartWith(cluster.Environment, temp.Path, "run", Spec, "--launcher", "slurm", "--shards", "2",
            "--cache", "cache", "--results", "slurm", "--json");
        Assert.Equal(0, run.WaitForExit(Limit));
        var doc = Document(run);
        Assert.Equal((10, 0, 2, "slurm"), (doc["trained"]!.GetValue<int>(), doc["trained_here"]!.GetValue<int>(), doc["workers"]!.GetValue<int>(), doc["launcher"]!.GetValue<string>()));
        Assert.Matches(@"submitted Slurm job \d+: 2 array tasks for 10 trials", run.Stderr);
        Assert.Matches(@"Slurm job \d+: 2 completed; 10 of 10 trials in the cache", run.Stderr);
        // Each task trained its own shard: the five trials of one sweep point each, counted in its own log.
        foreach (var err in Directory.GetFiles(Path.Combine(temp.Path, "cache", "slurm"), "task-*.err", SearchOption.AllDirectories))
            Assert.Contains("[5/5]", File.ReadAllText(err));

        var alone = await ReproCli.Run("run", Spec, "--results", Path.Combine(temp.Path, "alone"), "--cache", Path.Combine(temp.Path, "other"), "--jobs", "1");
        Assert.Equal(0, alone.ExitCode);
        Assert.Equal(Published(Path.Combine(temp.Path, "alone", "min-norm-regression")), Published(Path.Combine(temp.Path, "slurm", "min-norm-regression")));
    }

    [SlurmFact]
    public async Task A_task_cancelled_mid_run_is_reported_with_its_log_and_the_rerun_trains_only_its_trials()
    {
        using var temp = new TempDir();
        // Long enough for a task to be caught running: 10,000 steps a trial.
        string[] longer = ["--set", "train.steps=10000"];
        string[] args = ["run", Spec, "--launcher", "slurm", "--shards", "2", "--cache", "cache", "--results", "slurm", .. longer];
        using (var run = ReproProcess.StartWith(cluster.Environment, temp.Path, args))
        {
            run.WaitForLog("submitted Slurm job", Limit);
            var submitted = Submitted().Match(run.Stderr);
            string job = submitted.Groups[1].Value, folder = submitted.Groups[2].Value.Trim();
            // Task 2 has taken steps (its progress events are in its stdout file): cancel it there.
            await Eventually.True(() => File.Exists(Path.Combine(folder, "task-2.out")) && File.ReadAllText(Path.Combine(folder, "task-2.out")).Contains("\"kind\":\"step\""), Limit);
            Assert.Equal(0, cluster.Run("scancel", $"{job}_2").Code);
            Assert.Equal(3, run.WaitForExit(Limit));
            Assert.Contains($"1 of 2 Slurm array tasks of job {job} failed: task 2 CANCELLED", run.Stderr);
            Assert.Contains(Path.Combine(folder, "task-2.err"), run.Stderr);
            Assert.Contains("run again to train only the rest", run.Stderr);
            Assert.False(Directory.Exists(Path.Combine(temp.Path, "slurm", "min-norm-regression")), "a failed launch published");
        }
        // Task 1's five trials are in the cache; task 2's are not.
        Assert.Equal(5, CacheFolder.Entries(Path.Combine(temp.Path, "cache")).Count);

        using (var rerun = ReproProcess.StartWith(cluster.Environment, temp.Path, [.. args, "--json"]))
        {
            Assert.Equal(0, rerun.WaitForExit(Limit));
            var doc = Document(rerun);
            Assert.Equal((5, 5, 0), (doc["trained"]!.GetValue<int>(), doc["from_cache"]!.GetValue<int>(), doc["trained_here"]!.GetValue<int>()));
            Assert.Matches(@"submitted Slurm job \d+: 2 array tasks for 5 trials", rerun.Stderr);
        }
        var alone = await ReproCli.Run(["run", Spec, "--results", Path.Combine(temp.Path, "alone"), "--cache", Path.Combine(temp.Path, "other"), "--jobs", "1", .. longer]);
        Assert.Equal(0, alone.ExitCode);
        Assert.Equal(Published(Path.Combine(temp.Path, "alone", "min-norm-regression")), Published(Path.Combine(temp.Path, "slurm", "min-norm-regression")));
    }

    [SlurmFact]
    public void No_wait_submits_and_returns_the_job_id_and_a_later_plain_run_publishes_from_the_cache()
    {
        using var temp = new TempDir();
        using (var run = ReproProcess.StartWith(cluster.Environment, temp.Path, "run", Spec, "--launcher", "slurm", "--shards", "2", "--no-wait", "--cache", "cache", "--results", "slurm", "--json"))
        {
            Assert.Equal(0, run.WaitForExit(Limit));
            string job = Document(run)["job"]!.GetValue<string>();
            Assert.Matches(@"^\d+$", job);
            Assert.False(Directory.Exists(Path.Combine(temp.Path, "slurm")), "--no-wait published");
            // Slurm's own word that the job ran to completion: scontrol lists both tasks COMPLETED.
            var deadline = DateTime.UtcNow + Limit;
            while (Regex.Matches(cluster.Run("scontrol", "--oneliner", "show", "job", job).Stdout, "JobState=COMPLETED").Count < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, $"job {job} did not complete");
                Thread.Sleep(200);
            }
        }
        using var publish = ReproProcess.StartWith(cluster.Environment, temp.Path, "run", Spec, "--cache", "cache", "--results", "slurm", "--json");
        Assert.Equal(0, publish.WaitForExit(Limit));
        var doc = Document(publish);
        Assert.Equal((0, 10), (doc["trained"]!.GetValue<int>(), doc["from_cache"]!.GetValue<int>()));
    }

    [SlurmFact]
    public async Task The_emitted_sbatch_script_submitted_as_its_header_says_publishes_the_same_bytes()
    {
        using var temp = new TempDir();
        string dll = Repo.Path("src", "Repro.Cli", "bin", AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release", "net10.0", "repro.dll");
        var emit = await ReproCli.Run("emit", "slurm", Spec, "--shards", "2", "--cache", Path.Combine(temp.Path, "cache"), "--repro", $"dotnet {dll}");
        Assert.Equal(0, emit.ExitCode);
        string script = temp.File("job.sbatch", emit.Stdout);
        // The header's own two commands, the publish waited for (sbatch --wait exits with the job's code).
        var commands = emit.Stdout.Split('\n').Where(l => l.StartsWith("#   ", StringComparison.Ordinal)).Select(l => l[4..].Replace("THIS_FILE", script)).ToList();
        Assert.Equal(2, commands.Count);
        string shell = commands[0] + "\n" + commands[1].Replace("sbatch --dependency", "sbatch --wait --dependency");
        var info = new System.Diagnostics.ProcessStartInfo("bash", ["-euo", "pipefail", "-c", shell]) { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in cluster.Environment) info.Environment[k] = v;
        using (var bash = System.Diagnostics.Process.Start(info)!)
        {
            string output = await bash.StandardOutput.ReadToEndAsync() + await bash.StandardError.ReadToEndAsync();
            Assert.True(bash.WaitForExit(Limit) && bash.ExitCode == 0, output);
        }
        // Each array task wrote its summary to sbatch's default log; the publish found every trial in the cache.
        var logs = Directory.GetFiles(temp.Path, "slurm-*_*.out").Select(File.ReadAllText).ToList();
        Assert.Equal(2, logs.Count);
        Assert.All(logs, log => Assert.Matches(@"min-norm-regression: shard [12]/2: trained 5 of 5 trials", log));
        var provenance = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "results", "min-norm-regression", "provenance.json")))!;
        Assert.Equal((0, 10), ((int)provenance["trials_trained"]!, (int)provenance["trials_from_cache"]!));
        Assert.Equal(Published(Repo.Path("results", "min-norm-regression")), Published(Path.Combine(temp.Path, "results", "min-norm-regression")));
    }

    [GeneratedRegex(@"submitted Slurm job (\d+): \d+ array tasks for \d+ trials; scripts and logs in (\S+)")]
    private static partial Regex Submitted();
}
