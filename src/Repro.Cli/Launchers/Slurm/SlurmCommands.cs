using System.ComponentModel;
using System.Diagnostics;
using Repro.Core;

namespace Repro.Cli.Launchers.Slurm;

/// <summary>Slurm's client commands (sbatch, scontrol, scancel), run as processes: the cluster's own word, never a guess.</summary>
public sealed class SlurmCommands
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="program"/>; throws a <see cref="RunException"/> when it is not installed or hangs.</summary>
    public (int ExitCode, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            throw new RunException($"{program} not found: --launcher slurm needs Slurm's client commands on PATH (Debian: apt install slurm-client) and a cluster to submit to");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                throw new RunException($"{program} {string.Join(' ', args)} did not answer within {Limit.TotalSeconds:F0} s: is slurmctld up?");
            }
            return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }

    /// <summary>`sbatch --parsable SCRIPT`: the job id.</summary>
    public string Submit(string script)
    {
        var (code, stdout, stderr) = Run("sbatch", "--parsable", script);
        string id = stdout.Trim().Split(';')[0];
        if (code != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new RunException($"sbatch refused the job ({Last(stderr, stdout)}); the script is {script}");
        return id;
    }

    /// <summary>Every task's state as `scontrol show job` has it; null once the controller has forgotten the job.</summary>
    public IReadOnlyList<SlurmTask>? Tasks(string job)
    {
        var (code, stdout, stderr) = Run("scontrol", "--oneliner", "show", "job", job);
        if (code != 0)
        {
            if (stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return null;
            throw new RunException($"scontrol show job {job} failed ({Last(stderr, stdout)})");
        }
        return SlurmTask.Parse(stdout);
    }

    public void Cancel(string job) => Run("scancel", job);

    static string Last(string stderr, string stdout) =>
        (stderr.Trim().Length > 0 ? stderr : stdout).Trim().Split('\n')[^1] is { Length: > 0 } line ? line : "no message";
}
