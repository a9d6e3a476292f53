using Repro.Cli.Doctor;
using Repro.Cli.Output;
using Repro.Cli.Pipeline;
using Repro.Core.Artifacts;
using Repro.Core.Spec;
using Repro.Engine.Numerics;
using Repro.Engine.Runtime;

namespace Repro.Cli.Commands;

/// <summary>
/// `repro doctor [--results DIR]`: this machine's numerics fingerprint (<see cref="NumericsBattery"/>), and
/// whether it is expected to regenerate published results bit for bit: their manifests record the fingerprint
/// of the machine that computed them. Trains nothing; takes about a second.
/// </summary>
public static class DoctorCommand
{
    public static int Execute(string? resultsRoot, TextWriter stdout)
    {
        var folders = resultsRoot is null ? [] : Folders(resultsRoot);
        var here = NumericsBattery.Run();
        var cpu = CpuInfo.Read();
        var dispatch = TorchRuntime.Dispatch();
        stdout.WriteLine($"machine: {cpu.Model ?? "unknown CPU"}; {string.Join(" ", cpu.InstructionSets ?? [])}; libtorch dispatch {dispatch.CpuCapability ?? "unknown"}; "
            + string.Join(" ", TorchRuntime.Settings.Select(s => $"{s.Key}={s.Value}")));
        TextTable.Write(stdout, [["family", "fingerprint", "what it covers"],
            .. here.Families.Select(f => (IReadOnlyList<string>)[f.Family, f.Fingerprint, f.What]), ["overall", here.Overall, ""]]);
        if (resultsRoot is null) return ExitCodes.Ok;

        int unexpected = 0;
        foreach (var (dir, _) in folders)
        {
            var recorded = RecordedNumerics.Read(dir);
            string where = $"{dir}: computed on {recorded.Cpu ?? "an unrecorded CPU"}";
            if (!recorded.Known)
            {
                unexpected++;
                stdout.WriteLine($"{where}, whose numerics fingerprint is not recorded (published before repro recorded one): cannot tell; regenerate it here to record one");
                continue;
            }
            var differing = recorded.DifferingFamilies(here);
            if (differing.Count == 0)
                stdout.WriteLine($"{where} (fingerprint {recorded.Overall}): same numerics here: expected to regenerate these bytes");
            else
            {
                unexpected++;
                stdout.WriteLine($"{where} (fingerprint {recorded.Overall}, here {here.Overall}): differs in {string.Join(", ", differing)}: not expected to regenerate these bytes");
            }
        }
        stdout.WriteLine(unexpected == 0
            ? $"{folders.Count} published folder{(folders.Count == 1 ? "" : "s")}: this machine is expected to regenerate every one bit for bit"
            : $"{folders.Count} published folder{(folders.Count == 1 ? "" : "s")}: {unexpected} not expected to regenerate bit for bit here");
        return unexpected == 0 ? ExitCodes.Ok : ExitCodes.ClaimFailed;
    }

    // DIR is one published folder, or a folder of them (results/).
    static IReadOnlyList<(string Dir, string Name)> Folders(string root)
    {
        if (File.Exists(Path.Combine(root, ArtifactSet.ManifestFile))) return [(root, Path.GetFileName(Path.TrimEndingDirectorySeparator(root)))];
        var folders = Directory.Exists(root) ? PublishedFolders.Under(root) : [];
        if (folders.Count == 0)
            throw new SpecException(new SpecError(Mark.StartOf(root), $"no published results at {root}", "name a folder that `repro run` published to, e.g. `--results results`"));
        return folders;
    }
}
