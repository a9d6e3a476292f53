using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Repro.Core.Plan;
using Repro.Engine.Numerics;
using Repro.Engine.Runtime;

namespace Repro.Cli.Pipeline;

/// <summary>
/// Facts about where a run happened. <see cref="Describe"/> goes into manifest.json (outside content_sha256: it
/// differs between machines and checkouts, not between runs on one); <see cref="Volatile"/> goes to
/// provenance.json, since it differs on every run.
/// </summary>
public static class Provenance
{
    /// <param name="plan">the planned run: its spec file locates the git checkout, its points name devices and dtypes</param>
    /// <param name="resultsRoot">where the run publishes; changes under it do not count as a dirty checkout</param>
    /// <param name="cacheRoot">where this machine's libtorch facts are recorded (<see cref="MachineFacts"/>): a run that trains nothing loads no libtorch</param>
    public static JsonObject Describe(TrialPlan plan, string resultsRoot, string? cacheRoot = null)
    {
        var machine = MachineFacts.Get(cacheRoot);
        bool cuda = machine.Cuda;
        var git = GitState.Of(plan.Spec.File, resultsRoot);
        var cpu = CpuInfo.Read();
        return new JsonObject
        {
            ["toolkit_version"] = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            ["git"] = git is null ? null : new JsonObject { ["commit"] = git.Commit, ["dirty"] = git.Dirty },
            ["torchsharp_version"] = TorchRuntime.TorchSharpVersion,
            ["libtorch_version"] = TorchRuntime.LibTorchVersion,
            ["dotnet_version"] = RuntimeInformation.FrameworkDescription,
            ["os"] = RuntimeInformation.OSDescription,
            ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
            ["cpu"] = new JsonObject
            {
                ["model"] = cpu.Model,
                ["cores"] = Environment.ProcessorCount,
                ["instruction_sets"] = cpu.InstructionSets is null ? null : new JsonArray([.. cpu.InstructionSets.Select(s => (JsonNode)s)]),
            },
            // What libtorch does with the pinned settings (manifest "determinism") on this CPU.
            ["dispatch"] = machine.Dispatch,
            // What this machine computes for every op family the engine uses (`repro doctor` compares it with another's).
            ["numerics"] = machine.Numerics,
            // `auto` as the trainer resolves it here.
            ["devices"] = Strings(plan.Spec.Points.Select(p => p.Device == "auto" ? (cuda ? "cuda" : "cpu") : p.Device)),
            ["dtypes"] = Strings(plan.Spec.Points.Select(p => p.Dtype)),
        };
    }

    /// <summary>
    /// A cache entry's `written_by`: the machine and toolkit that computed it. Shown when two machines'
    /// caches hold different bytes under one key (`repro cache merge`); `repro doctor` then compares their numerics.
    /// </summary>
    public static JsonObject WrittenBy() => (JsonObject)writtenBy.Value.DeepClone();

    // The same for every trial a process trains: read once (the CPU from /proc/cpuinfo, the dispatch from libtorch).
    static readonly Lazy<JsonObject> writtenBy = new(() => new JsonObject
    {
        ["host"] = Environment.MachineName,
        ["cpu"] = CpuInfo.Read().Model,
        ["cpu_capability"] = TorchRuntime.Dispatch().CpuCapability,
        ["toolkit_version"] = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
        ["libtorch_version"] = TorchRuntime.LibTorchVersion,
        ["os"] = RuntimeInformation.OSDescription,
        // No time: an entry recomputed on the same machine is the same bytes (the ledger has the times).
    });

    /// <summary>What differs on every run, even of one spec on one machine.</summary>
    /// <param name="specFile">the spec file as <see cref="Repro.Core.Artifacts.PublishedBy"/> records it</param>
    public static JsonObject Volatile(ExperimentRun run, string specFile) => new()
    {
        [Repro.Core.Artifacts.PublishedBy.Key] = specFile,
        ["wall_seconds"] = Math.Round(run.Elapsed.TotalSeconds, 3),
        ["trials_trained"] = run.Trained.Trained,
        ["trials_from_cache"] = run.Trained.FromCache,
        ["host"] = Environment.MachineName,
        ["finished_utc"] = DateTime.UtcNow.ToString("O"),
    };

    /// <summary>The fingerprint as the manifest records it: the overall value and one per op family.</summary>
    public static JsonObject Numerics(NumericsFingerprint fingerprint) => new()
    {
        ["fingerprint"] = fingerprint.Overall,
        ["families"] = new JsonObject(fingerprint.Families.Select(f => KeyValuePair.Create(f.Family, (JsonNode?)f.Fingerprint))),
    };

    static JsonArray Strings(IEnumerable<string> values) => new([.. values.Distinct().Order(StringComparer.Ordinal).Select(v => (JsonNode)v)]);
}
