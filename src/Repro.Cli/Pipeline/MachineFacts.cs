using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Repro.Core.Artifacts;
using Repro.Engine.Numerics;
using Repro.Engine.Runtime;

namespace Repro.Cli.Pipeline;

/// <summary>
/// What the manifest records of this machine that only libtorch can tell: its dispatch, its numerics fingerprint,
/// whether CUDA is there. They depend on the CPU, the pinned settings and the build, and on nothing a run changes,
/// so they are measured once per machine and build and kept in the cache (`machine/KEY.json`, KEY a SHA-256 of the
/// CPU model and flags, the OS, .NET, the engine build and the settings): a run that finds every trial in the cache
/// then loads no libtorch. The file is checked on read (its key, its shape); anything else is measured again.
/// </summary>
/// <param name="Dispatch">the manifest's dispatch block</param>
/// <param name="Numerics">the manifest's numerics block (fingerprint and families)</param>
public sealed record MachineFacts(bool Cuda, JsonObject Dispatch, JsonObject Numerics)
{
    public const string Folder = "machine";

    /// <summary>The facts for this machine and build: read from <paramref name="cacheRoot"/> if recorded there, else measured (loading libtorch) and recorded.</summary>
    /// <param name="cacheRoot">the trial cache; null: measure, record nothing</param>
    public static MachineFacts Get(string? cacheRoot)
    {
        string key = Key();
        string? path = cacheRoot is null ? null : Path.Combine(cacheRoot, Folder, key + ".json");
        if (path is not null && Read(path, key) is { } recorded) return recorded;
        var facts = Measure();
        if (path is not null)
        {
            try
            {
                Publisher.WriteFile(path, ArtifactSet.Json(facts.ToJson(key)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not recorded: the next run measures again, nothing worse.
            }
        }
        return facts;
    }

    static MachineFacts Measure()
    {
        bool cuda = TorchRuntime.Start();
        var dispatch = TorchRuntime.Dispatch();
        return new MachineFacts(cuda, new JsonObject
        {
            ["cpu_capability"] = dispatch.CpuCapability,
            ["intra_op_threads"] = dispatch.IntraOpThreads,
            ["interop_threads"] = dispatch.InteropThreads,
        }, Provenance.Numerics(NumericsBattery.Run()));
    }

    JsonObject ToJson(string key) => new()
    {
        ["key"] = key,
        ["cuda"] = Cuda,
        ["dispatch"] = Dispatch.DeepClone(),
        ["numerics"] = Numerics.DeepClone(),
    };

    /// <summary>The recorded facts, or null when the file is missing, unreadable, for another key or not of this shape.</summary>
    public static MachineFacts? Read(string path, string key)
    {
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length > 1 << 20) return null;
            if (JsonNode.Parse(File.ReadAllBytes(path)) is not JsonObject o || o["key"]?.GetValue<string>() != key) return null;
            if (o["cuda"] is not JsonValue cuda || !cuda.TryGetValue<bool>(out bool hasCuda)) return null;
            if (o["dispatch"] is not JsonObject dispatch || o["numerics"] is not JsonObject numerics) return null;
            bool threads = dispatch["intra_op_threads"] is JsonValue a && a.TryGetValue<int>(out _) && dispatch["interop_threads"] is JsonValue b && b.TryGetValue<int>(out _);
            bool capability = dispatch["cpu_capability"] is null || (dispatch["cpu_capability"] is JsonValue c && c.TryGetValue<string>(out _));
            bool fingerprint = numerics["fingerprint"] is JsonValue f && f.TryGetValue<string>(out var overall) && overall.Length == 16
                && numerics["families"] is JsonObject families && families.Count > 0 && families.All(kv => kv.Value is JsonValue v && v.TryGetValue<string>(out _));
            if (!threads || !capability || !fingerprint || dispatch.Count != 3 || numerics.Count != 2) return null;
            return new MachineFacts(hasCuda, (JsonObject)dispatch.DeepClone(), (JsonObject)numerics.DeepClone());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Everything the facts depend on: the CPU, the OS, .NET, this build of the engine (its module id) and the pinned settings.</summary>
    public static string Key()
    {
        var cpu = CpuInfo.Read();
        var text = new StringBuilder()
            .Append("cpu=").Append(cpu.Model).Append('\n')
            .Append("flags=").Append(cpu.InstructionSets is null ? "" : string.Join(' ', cpu.InstructionSets)).Append('\n')
            .Append("cores=").Append(Environment.ProcessorCount).Append('\n')
            .Append("os=").Append(RuntimeInformation.OSDescription).Append('\n')
            .Append("dotnet=").Append(RuntimeInformation.FrameworkDescription).Append('\n')
            .Append("engine=").Append(typeof(NumericsBattery).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append("toolkit=").Append(typeof(MachineFacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion).Append('\n')
            .Append("torchsharp=").Append(TorchRuntime.TorchSharpVersion).Append(' ').Append(TorchRuntime.LibTorchVersion).Append('\n');
        foreach (var (name, value) in TorchRuntime.Settings) text.Append(name).Append('=').Append(value).Append('\n');
        // The environment can still change what libtorch does where a setting is not pinned (CUDA's devices).
        text.Append("cuda_visible=").Append(Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
