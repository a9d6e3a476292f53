using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Repro.Engine;
using Repro.Engine.Runtime;

namespace Repro.Cli.Pipeline;

/// <summary>
/// Facts about where and when a run happened. Published beside the manifest but never hashed or
/// compared: it differs between machines and runs by design.
/// </summary>
public static class Provenance
{
    public static JsonObject Describe(ExperimentRun run) => new()
    {
        ["toolkit_version"] = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
        ["engine_version"] = EngineInfo.Version,
        ["torchsharp_version"] = TorchRuntime.TorchSharpVersion,
        ["libtorch_version"] = TorchRuntime.LibTorchVersion,
        ["dotnet_version"] = RuntimeInformation.FrameworkDescription,
        ["os"] = RuntimeInformation.OSDescription,
        ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
        ["cpu"] = CpuModel(),
        ["cores"] = Environment.ProcessorCount,
        ["determinism"] = new JsonObject(TorchRuntime.Settings.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
        ["devices"] = new JsonArray([.. run.Plan.Spec.Points.Select(p => p.Device).Distinct().Select(d => (JsonNode)d)]),
        ["dtypes"] = new JsonArray([.. run.Plan.Spec.Points.Select(p => p.Dtype).Distinct().Select(d => (JsonNode)d)]),
        ["wall_seconds"] = Math.Round(run.Elapsed.TotalSeconds, 3),
        ["host"] = Environment.MachineName,
        ["finished_utc"] = DateTime.UtcNow.ToString("O"),
    };

    static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
