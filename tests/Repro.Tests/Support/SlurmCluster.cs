using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Repro.Tests.Support;

/// <summary>
/// A real one-node Slurm cluster for the class that uses it (tools/slurm/cluster.sh: Debian's munge, slurmctld and
/// slurmd on 127.0.0.1, its own ports and a temp folder for everything), stopped by PID when the class is done.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("repro-slurm-").FullName;

    /// <summary>What a process needs to reach this cluster with sbatch, scontrol and scancel.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public SlurmCluster()
    {
        int port = FreePortPair();
        var (code, output) = Script("start", port);
        Assert.True(code == 0, $"tools/slurm/cluster.sh start failed ({code}):\n{output}");
        Environment = new Dictionary<string, string> { ["SLURM_CONF"] = Path.Combine(folder, "slurm.conf") };
    }

    (int Code, string Output) Script(string verb, int port = 0)
    {
        var info = new ProcessStartInfo(Repo.Path("tools", "slurm", "cluster.sh"), verb) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["REPRO_SLURM_DIR"] = folder;
        if (port > 0) info.Environment["REPRO_SLURM_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), $"cluster.sh {verb} hung");
        return (p.ExitCode, stdout.Result + stderr);
    }

    /// <summary>A Slurm command against this cluster: its exit code and stdout.</summary>
    public (int Code, string Stdout) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in Environment) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        string stdout = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout);
    }

    /// <summary>slurmctld's port and slurmd's, the next one: both free now.</summary>
    static int FreePortPair()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int port = Random.Shared.Next(20000, 40000);
            if (Free(port) && Free(port + 1)) return port;
        }
        throw new InvalidOperationException("no two free ports side by side");
    }

    static bool Free(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Script("stop");
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A fact that needs a Slurm cluster it starts itself: it needs root (or Slurm installed) outside CI; in CI it always runs.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        bool installed = new[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch" }.All(File.Exists);
        if (!installed && !Chromium.RequiredHere && System.Environment.UserName != "root")
            Skip = "Slurm is not installed and this is not root: tools/slurm/cluster.sh installs Debian's munge, slurmctld, slurmd and slurm-client as root. "
                + "Skipped outside CI; with CI=true this test fails instead.";
    }
}
