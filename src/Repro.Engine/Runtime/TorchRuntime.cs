using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Repro.Engine.Runtime;

/// <summary>
/// Pins what libtorch dispatches on, so the same spec gives the same bits on every machine of a class.
/// Environment variables must reach native code before libtorch loads: .NET's
/// Environment.SetEnvironmentVariable does not, libc setenv does.
/// </summary>
public static partial class TorchRuntime
{
    /// <summary>The settings every run uses; recorded in each manifest.</summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        // One intra-op thread per trial: parallelism comes from running trials side by side, and
        // OpenMP threads spinning against another busy process cost 20-30x here.
        ["OMP_NUM_THREADS"] = "1",
        ["MKL_NUM_THREADS"] = "1",
        ["OMP_WAIT_POLICY"] = "PASSIVE",
        // MKL's conditional numerical reproducibility: the one mode portable between Intel and AMD.
        ["MKL_CBWR"] = "COMPATIBLE",
        // AVX-512 and AVX2 machines then run the same kernels and agree bit for bit.
        ["ATEN_CPU_CAPABILITY"] = "avx2",
    };

    static readonly Lock Gate = new();
    static bool environmentPinned;
    static bool started;
    static bool cudaAvailable;

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    /// <summary>Sets <see cref="Settings"/> in the process environment. Call before anything touches libtorch.</summary>
    public static void PinEnvironment()
    {
        lock (Gate)
        {
            if (environmentPinned) return;
            foreach (var (name, value) in Settings)
            {
                Environment.SetEnvironmentVariable(name, value);
                if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) SetEnv(name, value, 1);
            }
            environmentPinned = true;
        }
    }

    /// <summary>Loads libtorch with the pinned settings (idempotent) and reports whether CUDA is usable.</summary>
    public static bool Start()
    {
        lock (Gate)
        {
            if (started) return cudaAvailable;
            PinEnvironment();
            // CUDA must be probed before the first CPU autograd op, or it stays off for the process.
            cudaAvailable = cuda.is_available();
            set_num_threads(1);
            started = true;
            return cudaAvailable;
        }
    }

    /// <summary>What libtorch actually dispatches on in this process (starts libtorch if needed).</summary>
    public static DispatchState Dispatch()
    {
        Start();
        return new DispatchState(CpuCapability.Read(), get_num_threads(), get_num_interop_threads());
    }

    public static string LibTorchVersion => "2.10.0";

    public static string TorchSharpVersion =>
        typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <param name="CpuCapability">the kernel family libtorch reports ("AVX2"...), null where it cannot be asked</param>
/// <param name="IntraOpThreads">torch.get_num_threads()</param>
/// <param name="InteropThreads">torch.get_num_interop_threads()</param>
public sealed record DispatchState(string? CpuCapability, int IntraOpThreads, int InteropThreads);
